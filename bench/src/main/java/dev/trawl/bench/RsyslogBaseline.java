package dev.trawl.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * rsyslog's {@code imfile} over the same files as the tail benchmark, each line written by
 * {@code omfile} to one output file: the baseline the collector is compared with in the same run.
 * Measures wall time until the output holds every line, and rsyslogd's CPU time.
 */
final class RsyslogBaseline {
  private static final Path RSYSLOGD = Path.of("/usr/sbin/rsyslogd");
  private static final long CLOCK_TICKS_PER_SECOND = 100;

  /** What rsyslog achieved: megabytes of input per wall second and per CPU second. */
  record Result(double megabytesPerSecond, double megabytesPerCpuSecond) {}

  private RsyslogBaseline() {}

  /**
   * @param glob the files to read, such as {@code /tmp/x/pods/*}{@code /*}{@code /*.log}
   * @param lines how many newline-terminated lines they hold
   * @return empty when rsyslogd is not installed
   */
  static Optional<Result> run(String glob, long bytes, long lines, Path work) throws IOException, InterruptedException {
    if (!Files.isExecutable(RSYSLOGD)) {
      return Optional.empty();
    }
    Files.createDirectories(work.resolve("state"));
    Path output = work.resolve("out.log");
    Path config = work.resolve("rsyslog.conf");
    Files.writeString(config, String.join("\n",
        "global(workDirectory=\"" + work.resolve("state") + "\")",
        "module(load=\"imfile\" mode=\"inotify\")",
        "template(name=\"line\" type=\"string\" string=\"%msg%\\n\")",
        "ruleset(name=\"bench\") {",
        "  action(type=\"omfile\" file=\"" + output + "\" template=\"line\" asyncWriting=\"on\" ioBufferSize=\"1m\")",
        "}",
        "input(type=\"imfile\" file=\"" + glob + "\" tag=\"bench\" ruleset=\"bench\" freshStartTail=\"off\")",
        ""), StandardCharsets.UTF_8);
    long start = System.nanoTime();
    Process rsyslogd = new ProcessBuilder(RSYSLOGD.toString(), "-n", "-f", config.toString(), "-i", work.resolve("pid").toString())
        .redirectErrorStream(true).redirectOutput(work.resolve("rsyslogd.out").toFile()).start();
    try {
      long counted = 0;
      long position = 0;
      ByteBuffer buffer = ByteBuffer.allocate(1 << 20);
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
      while (counted < lines) {
        if (!rsyslogd.isAlive() || System.nanoTime() > deadline) {
          throw new IllegalStateException("rsyslogd wrote " + counted + " of " + lines + " lines; see " + work.resolve("rsyslogd.out"));
        }
        if (Files.exists(output)) {
          try (FileChannel ch = FileChannel.open(output, StandardOpenOption.READ)) {
            int n;
            while ((n = ch.read(buffer.clear(), position)) > 0) {
              byte[] a = buffer.array();
              for (int i = 0; i < n; i++) {
                counted += a[i] == '\n' ? 1 : 0;
              }
              position += n;
            }
          }
        }
        LockSupport.parkNanos(20_000_000);
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      double cpuSeconds = cpuTicks(rsyslogd.pid()) / (double) CLOCK_TICKS_PER_SECOND;
      return Optional.of(new Result(bytes / 1e6 / seconds, bytes / 1e6 / cpuSeconds));
    } finally {
      rsyslogd.destroy();
      rsyslogd.waitFor();
    }
  }

  /** utime + stime of a process, in clock ticks. */
  private static long cpuTicks(long pid) throws IOException {
    String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    // after the command name: field 3 is index 0, so utime (14) and stime (15) are 11 and 12
    return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
  }
}
