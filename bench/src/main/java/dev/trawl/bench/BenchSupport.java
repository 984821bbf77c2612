package dev.trawl.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
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

  /** Lets a measured window pass (a harness's timing, not a condition to await). */
  static void pause(Duration duration) {
    long end = System.nanoTime() + duration.toNanos();
    while (System.nanoTime() < end) {
      LockSupport.parkNanos(end - System.nanoTime());
    }
  }
}
