package dev.trawl.collector.cgroup;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * cgroup v2: {@code cpu.stat} (microseconds), {@code memory.current}, {@code memory.stat}
 * ({@code anon} as RSS, {@code file} as cache, as cAdvisor maps them), {@code memory.events},
 * {@code io.stat} and {@code pids.current}. Every file is hierarchical, so a pod's cgroup sums its
 * containers.
 */
final class UnifiedReader implements CgroupReader {
  private final Path root;
  private final DeviceNames devices;

  UnifiedReader(Path root, DeviceNames devices) {
    this.root = root;
    this.devices = devices;
  }

  @Override
  public Path hierarchy() {
    return root;
  }

  @Override
  public CgroupStats read(Path relative) throws IOException {
    Path dir = root.resolve(relative);
    Map<String, Long> cpu = CgroupFiles.keyValues(dir.resolve("cpu.stat"));
    Map<String, Long> mem = CgroupFiles.keyValues(dir.resolve("memory.stat"));
    long usage = CgroupFiles.number(dir.resolve("memory.current"));
    Map<String, Long> events = CgroupFiles.keyValuesIfPresent(dir.resolve("memory.events"));
    return new CgroupStats(
        micros(cpu, "usage_usec"), micros(cpu, "user_usec"), micros(cpu, "system_usec"),
        cpu.getOrDefault("nr_periods", 0L), cpu.getOrDefault("nr_throttled", 0L), micros(cpu, "throttled_usec"),
        usage, CgroupStats.workingSet(usage, mem.getOrDefault("inactive_file", 0L)),
        mem.getOrDefault("anon", 0L), mem.getOrDefault("file", 0L),
        events.getOrDefault("oom_kill", CgroupFiles.ABSENT), CgroupFiles.numberIfPresent(dir.resolve("pids.current")),
        io(dir.resolve("io.stat")));
  }

  private static double micros(Map<String, Long> values, String key) {
    return values.getOrDefault(key, 0L) / 1e6;
  }

  /** {@code io.stat}: one line per device, {@code 8:0 rbytes=… wbytes=… rios=… wios=… dbytes=… dios=…}. */
  private List<DeviceIo> io(Path file) throws IOException {
    String text;
    try {
      text = CgroupFiles.text(file);
    } catch (NoSuchFileException e) {
      return List.of();
    }
    List<DeviceIo> out = new ArrayList<>();
    for (String line : text.split("\n")) {
      String[] fields = line.trim().split(" ");
      if (fields.length < 2) {
        continue;
      }
      long rbytes = 0;
      long wbytes = 0;
      long rios = 0;
      long wios = 0;
      for (int i = 1; i < fields.length; i++) {
        int eq = fields[i].indexOf('=');
        if (eq < 0) {
          continue;
        }
        long value = Long.parseLong(fields[i].substring(eq + 1));
        switch (fields[i].substring(0, eq)) {
          case "rbytes" -> rbytes = value;
          case "wbytes" -> wbytes = value;
          case "rios" -> rios = value;
          case "wios" -> wios = value;
          default -> { }
        }
      }
      out.add(new DeviceIo(devices.name(fields[0]), rbytes, wbytes, rios, wios));
    }
    return out;
  }
}
