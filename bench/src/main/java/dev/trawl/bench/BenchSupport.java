package dev.trawl.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

/** What every harness needs: a scratch directory removed afterwards, the process's resident memory, a wait. */
final class BenchSupport {
  private BenchSupport() {}

  /** Deletes a directory tree. */
  static void delete(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  /** Resident set size of this process, from {@code /proc/self/status}. */
  static long rssBytes() throws IOException {
    return status("VmRSS:");
  }

  /**
   * Resident anonymous memory (heap, metaspace, thread stacks, direct buffers): what the process
   * itself holds. The rest of RSS is file pages mapped in (the Chronicle queue), which the kernel
   * reclaims under pressure.
   */
  static long anonymousRssBytes() throws IOException {
    return status("RssAnon:");
  }

  private static long status(String key) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith(key)) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
      }
    }
    return -1;
  }

  /**
   * CPU ticks (user and system, 1/100 s) of this process's live threads — the JVM's own (JIT
   * compilers, GC) as well as Java's — summed by thread name with any trailing number dropped.
   */
  static Map<String, Long> threadCpuTicks() throws IOException {
    Map<String, Long> ticks = new TreeMap<>();
    try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
      for (Path task : (Iterable<Path>) tasks::iterator) {
        String stat;
        try {
          stat = Files.readString(task.resolve("stat"));
        } catch (IOException ended) {
          continue;
        }
        String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')).replaceAll("[-#]?[0-9]+$", "").trim();
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        ticks.merge(name, Long.parseLong(fields[11]) + Long.parseLong(fields[12]), Long::sum);
      }
    }
    return ticks;
  }

  /** Each thread name's share of the CPU used between two {@link #threadCpuTicks} readings, largest first. */
  static void printCpuShares(String prefix, Map<String, Long> before, Map<String, Long> after) {
    Map<String, Long> used = new TreeMap<>();
    after.forEach((name, t) -> used.put(name, t - before.getOrDefault(name, 0L)));
    long total = used.values().stream().mapToLong(Long::longValue).sum();
    used.entrySet().stream().filter(e -> e.getValue() > 0).sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .forEach(e -> System.out.printf("%s %s %.0f%%%n", prefix, e.getKey().replace(' ', '_'), 100.0 * e.getValue() / total));
  }

  /** Lets a measured window pass (a harness's timing, not a condition to await). */
  static void pause(Duration duration) {
    long end = System.nanoTime() + duration.toNanos();
    while (System.nanoTime() < end) {
      LockSupport.parkNanos(end - System.nanoTime());
    }
  }
}
