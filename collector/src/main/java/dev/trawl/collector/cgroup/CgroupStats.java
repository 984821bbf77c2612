package dev.trawl.collector.cgroup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One container's numbers from cgroup v2 files ({@code cpu.stat}, {@code memory.current},
 * {@code memory.stat}). The working set is usage minus inactive file pages, as the kubelet
 * computes it.
 */
record CgroupStats(double cpuSeconds, double cpuUserSeconds, double cpuSystemSeconds, long periods,
    long throttledPeriods, double throttledSeconds, long memoryUsage, long workingSet, long rss, long cache) {

  static CgroupStats read(Path dir) throws IOException {
    Map<String, Long> cpu = keyValues(dir.resolve("cpu.stat"));
    Map<String, Long> mem = keyValues(dir.resolve("memory.stat"));
    long usage = Long.parseLong(Files.readString(dir.resolve("memory.current")).trim());
    long inactiveFile = mem.getOrDefault("inactive_file", 0L);
    return new CgroupStats(
        micros(cpu, "usage_usec"), micros(cpu, "user_usec"), micros(cpu, "system_usec"),
        cpu.getOrDefault("nr_periods", 0L), cpu.getOrDefault("nr_throttled", 0L), micros(cpu, "throttled_usec"),
        usage, Math.max(0, usage - inactiveFile), mem.getOrDefault("anon", 0L), mem.getOrDefault("file", 0L));
  }

  private static double micros(Map<String, Long> values, String key) {
    return values.getOrDefault(key, 0L) / 1e6;
  }

  private static Map<String, Long> keyValues(Path file) throws IOException {
    Map<String, Long> out = new HashMap<>();
    List<String> lines = Files.readAllLines(file);
    for (String line : lines) {
      int space = line.indexOf(' ');
      if (space > 0) {
        try {
          out.put(line.substring(0, space), Long.parseLong(line.substring(space + 1).trim()));
        } catch (NumberFormatException e) {
          // a key this reader does not use ("max", a nested list): skip it
        }
      }
    }
    return out;
  }
}
