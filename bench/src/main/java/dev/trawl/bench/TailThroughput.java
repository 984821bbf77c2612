package dev.trawl.bench;

import dev.trawl.collector.Collector;
import dev.trawl.collector.CollectorConfig;
import dev.trawl.config.ConfigLoader;
import dev.trawl.launcher.demo.DemoPod;
import dev.trawl.launcher.demo.DemoPods;
import dev.trawl.launcher.demo.StandInApi;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

/**
 * The collector's hot path, tail → CRI decode → enrich → document → node queue, over
 * generated CRI files (JSON, access and plain lines, some split into P/F parts) in a
 * {@code /var/log/pods} tree, with page cache warm. Each container's pod is served by the demo's
 * stand-in API in this JVM (list and watch, a ReplicaSet owning each pod, labelled namespaces), so the
 * collector enriches every line from a warm pod cache, as on a node. The baselines in the same run are a plain Java
 * read of the same files counting newlines, and rsyslog's imfile reading them into one file. Unless
 * the third argument is {@code cold}, a first collector reads an eighth as much in other files
 * before the timed one starts, so that the JIT has compiled the hot path (as Rally and JMH warm
 * up), in the same JVM. The timed collector starts on an empty pods directory and is timed from
 * when it is ready (pod cache synced, tailer watching) and the pods' directories are moved in.
 * Arguments: megabytes (default 512), containers (default 16), {@code warm} (default) or {@code cold},
 * {@code kube} (default) or {@code nokube}: the stand-in API shares this process, so only a
 * {@code nokube} run, the collector on the paths' metadata alone, prints the process's memory.
 */
public final class TailThroughput {
  private static final String NODE = "bench-node";
  private static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'").withZone(ZoneOffset.UTC);

  private TailThroughput() {}

  public static void main(String[] args) throws Exception {
    long megabytes = args.length > 0 ? Long.parseLong(args[0]) : 512;
    int containers = args.length > 1 ? Integer.parseInt(args[1]) : 16;
    boolean warmup = args.length <= 2 || !args[2].equals("cold");
    boolean kube = args.length <= 3 || !args[3].equals("nokube");
    Path dir = Files.createTempDirectory("trawl-bench-tail-");
    try (StandInApi api = kube ? new StandInApi(NODE, benchPods(containers)) : null) {
      List<DemoPod> containerPods = kube ? api.pods() : benchPods(containers);
      String apiUrl = kube ? api.url() : null;
      Path staged = dir.resolve("staged");
      long[] written = generate(staged, containerPods, megabytes << 20);
      long bytes = written[0];
      long lines = written[1];
      NewlineCount baseline = countNewlines(staged);
      int closedPort;
      try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        closedPort = s.getLocalPort();
      }
      if (warmup) {
        // A collector runs for days: its JIT compiles in the first seconds, and then never again.
        // A first collector reads an eighth as much in other files, so the timed one runs compiled.
        Path warmupPods = dir.resolve("warmup-pods");
        long warmupLines = generate(warmupPods, containerPods, (megabytes << 20) / 8)[1];
        try (Collector collector = start(warmupPods, dir.resolve("warmup"), closedPort, apiUrl)) {
          while (collector.linesRead() < warmupLines) {
            LockSupport.parkNanos(10_000_000);
          }
        }
        BenchSupport.delete(warmupPods);
      }
      double tailMbPerCpuSecond;
      var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
      Path pods = Files.createDirectories(dir.resolve("pods"));
      try (Collector collector = start(pods, dir, closedPort, apiUrl)) {
        // As on a node whose collector has been running: its pod cache warm (the issue's "enrich from
        // a warm pod cache") and its tailer watching before the pods' files appear, so the timed run
        // is the lines' work and not the collector's start (the API's first lists and their JSON).
        awaitReady(collector);
        Thread tail = thread("trawl-tail");
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long alloc0 = threads.getThreadAllocatedBytes(tail.getId());
        long tailCpu0 = threads.getThreadCpuTime(tail.getId());
        long cpu0 = os.getProcessCpuTime();
        Map<String, Long> threadTicks0 = BenchSupport.threadCpuTicks();
        long start = System.nanoTime();
        try (Stream<Path> podDirs = Files.list(staged)) {
          for (Path podDir : podDirs.toList()) {
            Files.move(podDir, pods.resolve(podDir.getFileName()), StandardCopyOption.ATOMIC_MOVE);
          }
        }
        // Past the first quarter of the lines the JIT has compiled the hot path and every file is
        // open: the rest of the run is the steady state a long-running collector lives in.
        long steadyFrom = lines / 4;
        long steadyLines = -1;
        long steadyNanos = 0;
        long steadyCpu = 0;
        for (long read = collector.linesRead(); read < lines; read = collector.linesRead()) {
          if (steadyLines < 0 && read >= steadyFrom) {
            steadyLines = read;
            steadyNanos = System.nanoTime();
            steadyCpu = os.getProcessCpuTime();
          }
          LockSupport.parkNanos(50_000_000);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double cpuSeconds = (os.getProcessCpuTime() - cpu0) / 1e9;
        Map<String, Long> threadTicks = BenchSupport.threadCpuTicks();
        double steadyShare = steadyLines < 0 ? 0 : (double) (lines - steadyLines) / lines;
        double steadyCpuSeconds = (os.getProcessCpuTime() - steadyCpu) / 1e9;
        double steadySeconds = (System.nanoTime() - steadyNanos) / 1e9;
        double tailCpuSeconds = (threads.getThreadCpuTime(tail.getId()) - tailCpu0) / 1e9;
        long alloc = threads.getThreadAllocatedBytes(tail.getId()) - alloc0;
        Runtime rt = Runtime.getRuntime();
        System.out.printf("tail_input %.0f MiB%n", bytes / 1048576.0);
        System.out.printf("tail_lines %d lines%n", lines);
        System.out.printf("tail_throughput %.1f MB/s%n", bytes / 1e6 / seconds);
        System.out.printf("tail_lines_per_second %.0f lines/s%n", lines / seconds);
        System.out.printf("tail_mb_per_cpu_second %.1f MB/cpu-s%n", bytes / 1e6 / cpuSeconds);
        System.out.printf("tail_thread_mb_per_cpu_second %.1f MB/cpu-s%n", bytes / 1e6 / tailCpuSeconds);
        if (steadyShare > 0) {
          System.out.printf("tail_steady_throughput %.1f MB/s%n", bytes * steadyShare / 1e6 / steadySeconds);
          System.out.printf("tail_steady_mb_per_cpu_second %.1f MB/cpu-s%n", bytes * steadyShare / 1e6 / steadyCpuSeconds);
        }
        BenchSupport.printCpuShares("tail_cpu_share", threadTicks0, threadTicks);
        System.out.printf("tail_allocated_per_line %.0f bytes/line%n", (double) alloc / lines);
        // the shipper points at a closed port: every byte queued is still there
        System.out.printf("tail_queue_bytes_per_line %.1f bytes/line%n", (double) metric(collector, "trawl_collector_queue_bytes") / lines);
        long unenriched = metric(collector, "trawl_collector_lines_without_pod_metadata_total");
        System.out.printf("tail_lines_without_pod_metadata %d lines%n", unenriched);
        if (unenriched > 0) {
          throw new IllegalStateException(unenriched + " lines went out without their pod's metadata: the figures are not of the enriched path");
        }
        System.out.printf("baseline_java_newline_count %.1f MB/s%n", baseline.megabytesPerSecond());
        System.out.printf("tail_vs_baseline %.2f ratio%n", bytes / 1e6 / seconds / baseline.megabytesPerSecond());
        if (kube) {
          System.out.println("tail_rss unmeasured (the stand-in API shares the process: run with nokube)");
        } else {
          System.out.printf("tail_heap_used %.0f MiB%n", (rt.totalMemory() - rt.freeMemory()) / 1048576.0);
          System.out.printf("tail_rss %.0f MiB%n", BenchSupport.rssBytes() / 1048576.0);
          System.out.printf("tail_rss_anonymous %.0f MiB%n", BenchSupport.anonymousRssBytes() / 1048576.0);
          // Right after the run the native heap still holds what the JIT compilers borrowed; ten idle
          // seconds later (files still open) is what a node sees from a collector that has caught up.
          BenchSupport.pause(Duration.ofSeconds(10));
          System.out.printf("tail_rss_idle %.0f MiB%n", BenchSupport.rssBytes() / 1048576.0);
          System.out.printf("tail_rss_idle_anonymous %.0f MiB%n", BenchSupport.anonymousRssBytes() / 1048576.0);
        }
        tailMbPerCpuSecond = bytes / 1e6 / cpuSeconds;
      }
      var rsyslog = RsyslogBaseline.run(pods.toAbsolutePath() + "/*/*/*.log", bytes, baseline.newlines(), dir.resolve("rsyslog"));
      if (rsyslog.isEmpty()) {
        System.out.println("rsyslog_imfile_throughput unavailable (no /usr/sbin/rsyslogd)");
      } else {
        System.out.printf("rsyslog_imfile_throughput %.1f MB/s%n", rsyslog.get().megabytesPerSecond());
        System.out.printf("rsyslog_imfile_mb_per_cpu_second %.1f MB/cpu-s%n", rsyslog.get().megabytesPerCpuSecond());
        System.out.printf("tail_vs_rsyslog_per_cpu_second %.2f ratio%n", tailMbPerCpuSecond / rsyslog.get().megabytesPerCpuSecond());
      }
    } finally {
      BenchSupport.delete(dir);
    }
  }

  /**
   * A collector reading {@code pods}, its state and queue under {@code dir}, shipping nowhere,
   * enriching from {@code apiUrl} (null: kube off, the paths' metadata only).
   */
  private static Collector start(Path pods, Path dir, int closedPort, String apiUrl) throws Exception {
    Map<String, String> env = new HashMap<>(Map.of(
        "TRAWL_NODE_NAME", NODE, "TRAWL_TAIL_PATHS", pods.toAbsolutePath() + "/*/*/*.log",
        "TRAWL_STATE_DIR", dir.resolve("state").toString(),
        "TRAWL_QUEUE_MAX_BYTES", "64GiB", "TRAWL_CGROUP_ROOT", dir.resolve("none").toString(),
        "TRAWL_SHIPPER_URL", "http://127.0.0.1:" + closedPort, "TRAWL_HTTP_PORT", "0"));
    if (apiUrl == null) {
      env.put("TRAWL_KUBE_ENABLED", "false");
    } else {
      env.put("TRAWL_KUBE_URL", apiUrl);
    }
    return Collector.start(new ConfigLoader(CollectorConfig.KEYS).load(null, env), Map.of());
  }

  /** One pod per container, each a Deployment's through its ReplicaSet, spread over the demo's namespaces (the API gives each its uid). */
  private static List<DemoPod> benchPods(int containers) {
    List<DemoPod> pods = new ArrayList<>();
    for (int c = 0; c < containers; c++) {
      String app = "bench-" + c;
      pods.add(new DemoPod(DemoPods.NAMESPACES.get(c % DemoPods.NAMESPACES.size()), app + "-7d4b9c8f5-x" + c,
          new java.util.UUID(c, c).toString(),
          "app", String.format("%064x", c + 1), "registry.example.com/bench/app:1.4.2", "10.244.0." + (c % 250 + 2),
          Map.of("app.kubernetes.io/name", app, "app.kubernetes.io/version", "1.4.2", "pod-template-hash", "7d4b9c8f5"),
          "ReplicaSet", app + "-7d4b9c8f5", DemoPod.LogStyle.JSON, 0));
    }
    return pods;
  }

  /** The collector's count of lines shipped with the path's metadata only, read once from its /metrics. */
  /** Waits until the collector's {@code /readyz} says ready: its tailer has scanned and its pod cache has the API's first lists. */
  private static void awaitReady(Collector collector) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + collector.httpPort() + "/readyz")).build();
    while (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() != 200) {
      LockSupport.parkNanos(10_000_000);
    }
  }

  /** The sum of a metric's samples on the collector's {@code /metrics}, read once after the run. */
  private static long metric(Collector collector, String name) throws Exception {
    String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + collector.httpPort() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
    return metrics.lines().filter(l -> l.startsWith(name + " ") || l.startsWith(name + "{"))
        .mapToLong(l -> (long) Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
  }

  /** Writes a file for each pod's container; returns {bytes, log records} (a P/F sequence is one record). */
  private static long[] generate(Path root, List<DemoPod> pods, long totalBytes) throws IOException {
    List<String> bodies = bodies();
    long bytes = 0;
    long records = 0;
    long perContainer = totalBytes / pods.size();
    Instant t = Instant.parse("2026-11-23T00:00:00Z");
    for (int c = 0; c < pods.size(); c++) {
      DemoPod pod = pods.get(c);
      Path file = root.resolve(pod.namespace() + "_" + pod.name() + "_" + pod.uid() + "/" + pod.container() + "/0.log");
      Files.createDirectories(file.getParent());
      long size = 0;
      try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
        int i = 0;
        while (size < perContainer) {
          String ts = TS.format(t.plusNanos(i * 1000L));
          String body = bodies.get((i + c) % bodies.size());
          byte[] line;
          if (i % 1000 == 999) {
            line = (ts + " stdout P " + body.substring(0, body.length() / 2) + "\n" + ts + " stdout F "
                + body.substring(body.length() / 2) + "\n").getBytes(StandardCharsets.UTF_8);
          } else {
            line = (ts + (i % 10 == 0 ? " stderr F " : " stdout F ") + body + "\n").getBytes(StandardCharsets.UTF_8);
          }
          out.write(line);
          size += line.length;
          records++;
          i++;
        }
      }
      bytes += size;
    }
    return new long[] {bytes, records};
  }

  /** The 2,000 bodies lines are made of, a third each JSON, access-log and plain text. */
  static List<String> bodies() {
    Random random = new Random(42);
    List<String> bodies = new ArrayList<>();
    for (int i = 0; i < 2000; i++) {
      bodies.add(switch (i % 3) {
        case 0 -> "{\"level\":\"" + (i % 17 == 0 ? "error" : "info") + "\",\"msg\":\"handled request " + i
            + "\",\"trace_id\":\"" + Long.toHexString(random.nextLong()) + Long.toHexString(random.nextLong())
            + "\",\"duration_ms\":" + random.nextInt(900) + ",\"path\":\"/api/items/" + i + "\"}";
        case 1 -> "10.0." + random.nextInt(255) + "." + random.nextInt(255) + " - - \"GET /api/cart/" + i
            + " HTTP/1.1\" 200 " + random.nextInt(50000) + " \"-\" \"Mozilla/5.0 (X11; Linux x86_64)\"";
        default -> "INFO [worker-" + (i % 8) + "] processed batch " + i + " of " + random.nextInt(10000) + " items in "
            + random.nextInt(300) + " ms";
      });
    }
    return bodies;
  }

  /** A plain Java read of the files: how fast the disk and page cache give bytes, and how many lines there are. */
  private record NewlineCount(double megabytesPerSecond, long newlines) {}

  private static NewlineCount countNewlines(Path pods) throws IOException {
    List<Path> files;
    try (Stream<Path> walk = Files.walk(pods)) {
      files = walk.filter(p -> p.toString().endsWith(".log")).toList();
    }
    ByteBuffer buffer = ByteBuffer.allocate(1 << 20);
    long bytes = 0;
    long newlines = 0;
    long start = System.nanoTime();
    for (Path f : files) {
      try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ)) {
        int n;
        while ((n = ch.read(buffer.clear())) > 0) {
          byte[] a = buffer.array();
          for (int i = 0; i < n; i++) {
            if (a[i] == '\n') {
              newlines++;
            }
          }
          bytes += n;
        }
      }
    }
    if (newlines == 0) {
      throw new IllegalStateException("no lines generated");
    }
    return new NewlineCount(bytes / 1e6 / ((System.nanoTime() - start) / 1e9), newlines);
  }

  private static Thread thread(String name) {
    for (int i = 0; i < 500; i++) {
      for (Thread t : Thread.getAllStackTraces().keySet()) {
        if (t.getName().equals(name)) {
          return t;
        }
      }
      LockSupport.parkNanos(10_000_000);
    }
    throw new IllegalStateException("no thread " + name);
  }
}
