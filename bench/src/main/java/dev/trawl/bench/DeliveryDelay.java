package dev.trawl.bench;

import dev.trawl.collector.Collector;
import dev.trawl.collector.CollectorConfig;
import dev.trawl.config.ConfigLoader;
import dev.trawl.indexer.Indexer;
import dev.trawl.indexer.IndexerConfig;
import dev.trawl.testing.Http;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * End-to-end delay at a steady rate: containers' CRI files written at N lines/s (each line stamped
 * when written), a collector tailing them and shipping to a Trawl indexer, all in this JVM. After
 * a warm-up, the collector's delivery-delay histogram (line timestamp to the indexer's
 * acknowledgement) over the measured window gives p50 and p99, interpolated within buckets as
 * Prometheus' histogram_quantile does. Arguments: lines per second (default 20,000), seconds
 * measured (default 60), documents per bulk request (default: the collector's, 5,000).
 */
public final class DeliveryDelay {
  private static final Pattern BUCKET = Pattern.compile("^trawl_shipper_delivery_delay_seconds_bucket\\{le=\"([^\"]+)\",?\\} (\\S+)");
  private static final int CONTAINERS = 16;
  private static final long WARM_UP_SECONDS = 10;

  private DeliveryDelay() {}

  public static void main(String[] args) throws Exception {
    int rate = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
    int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 60;
    String batchDocs = args.length > 2 ? args[2] : CollectorConfig.SHIPPER_BATCH_DOCS.defaultText();
    Path dir = Files.createTempDirectory("trawl-bench-delay-");
    try (Indexer indexer = Indexer.start(new ConfigLoader(IndexerConfig.KEYS).load(null, Map.of(
            "TRAWL_DATA_DIR", dir.resolve("indexer").toString(), "TRAWL_HTTP_PORT", "0", "TRAWL_HTTP_HOST", "127.0.0.1",
            "TRAWL_LIMITS_REQUESTS_PER_SECOND", "0", "TRAWL_LIMITS_CONCURRENT", "0")));
        Collector collector = Collector.start(new ConfigLoader(CollectorConfig.KEYS).load(null, Map.of(
            "TRAWL_NODE_NAME", "bench-node", "TRAWL_TAIL_PATHS", dir.resolve("pods") + "/*/*/*.log",
            "TRAWL_STATE_DIR", dir.resolve("collector").toString(), "TRAWL_KUBE_ENABLED", "false",
            "TRAWL_CGROUP_ROOT", dir.resolve("no-cgroups").toString(),
            "TRAWL_SHIPPER_URL", "http://127.0.0.1:" + indexer.port(), "TRAWL_HTTP_PORT", "0",
            "TRAWL_SHIPPER_BATCH_DOCS", batchDocs)), Map.of())) {
      String metrics = "http://127.0.0.1:" + collector.httpPort() + "/metrics";
      AtomicBoolean writing = new AtomicBoolean(true);
      AtomicLong written = new AtomicLong();
      Thread writer = new Thread(() -> write(dir.resolve("pods"), rate, writing, written), "bench-writer");
      writer.start();
      BenchSupport.pause(Duration.ofSeconds(WARM_UP_SECONDS));
      TreeMap<Double, Double> before = buckets(metrics);
      long written0 = written.get();
      long indexed0 = count(indexer);
      long start = System.nanoTime();
      BenchSupport.pause(Duration.ofSeconds(seconds));
      double elapsed = (System.nanoTime() - start) / 1e9;
      TreeMap<Double, Double> after = buckets(metrics);
      long indexed = count(indexer) - indexed0;
      writing.set(false);
      writer.join();
      TreeMap<Double, Double> window = new TreeMap<>();
      after.forEach((le, n) -> window.put(le, n - before.getOrDefault(le, 0.0)));
      System.out.printf("delay_batch_docs %s docs%n", batchDocs);
      System.out.printf("delay_lines_written_per_second %.0f lines/s%n", (written.get() - written0) / elapsed);
      System.out.printf("delay_docs_indexed_per_second %.0f docs/s%n", indexed / elapsed);
      System.out.printf("delay_acknowledged_in_window %.0f docs%n", window.lastEntry().getValue());
      System.out.printf("delay_p50 %.3f s%n", quantile(window, 0.50));
      System.out.printf("delay_p99 %.3f s%n", quantile(window, 0.99));
    } finally {
      BenchSupport.delete(dir);
    }
  }

  /** Writes CRI lines at {@code rate} per second over the containers, each stamped when written, every 5 ms. */
  private static void write(Path pods, int rate, AtomicBoolean writing, AtomicLong written) {
    try {
      List<FileChannel> files = new ArrayList<>();
      for (int c = 0; c < CONTAINERS; c++) {
        Path container = Files.createDirectories(pods.resolve("bench_app-" + c + "_uid-" + c + "/app"));
        files.add(FileChannel.open(container.resolve("0.log"), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
            StandardOpenOption.APPEND));
      }
      SplittableRandom random = new SplittableRandom(42);
      StringBuilder[] chunks = new StringBuilder[CONTAINERS];
      long start = System.nanoTime();
      while (writing.get()) {
        long due = (System.nanoTime() - start) * rate / 1_000_000_000L;
        if (written.get() >= due) {
          LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
          continue;
        }
        String now = Instant.now().toString();
        for (int c = 0; c < CONTAINERS; c++) {
          chunks[c] = new StringBuilder();
        }
        for (long n = written.get(); n < due; n++) {
          chunks[(int) (n % CONTAINERS)].append(now).append(" stdout F GET /api/items/").append(random.nextInt(100_000))
              .append(" answered 200 in ").append(random.nextInt(900)).append(" ms for user u-").append(random.nextInt(5000))
              .append(" trace ").append(Long.toHexString(random.nextLong())).append('\n');
        }
        for (int c = 0; c < CONTAINERS; c++) {
          ByteBuffer bytes = ByteBuffer.wrap(chunks[c].toString().getBytes(StandardCharsets.UTF_8));
          while (bytes.hasRemaining()) {
            files.get(c).write(bytes);
          }
        }
        written.set(due);
      }
      for (FileChannel file : files) {
        file.close();
      }
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Cumulative bucket counts by upper bound ({@code +Inf} as infinity). */
  private static TreeMap<Double, Double> buckets(String metrics) throws Exception {
    TreeMap<Double, Double> buckets = new TreeMap<>();
    for (String line : Http.get(metrics).body().split("\n")) {
      Matcher m = BUCKET.matcher(line);
      if (m.find()) {
        double le = m.group(1).equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(m.group(1));
        buckets.put(le, Double.parseDouble(m.group(2)));
      }
    }
    if (buckets.isEmpty()) {
      throw new IllegalStateException("no trawl_shipper_delivery_delay_seconds buckets on " + metrics);
    }
    return buckets;
  }

  /** The q-quantile, linear within the bucket that holds it, as histogram_quantile computes it. */
  static double quantile(TreeMap<Double, Double> cumulative, double q) {
    double total = cumulative.lastEntry().getValue();
    double rank = q * total;
    double lowerBound = 0;
    double lowerCount = 0;
    for (Map.Entry<Double, Double> bucket : cumulative.entrySet()) {
      if (bucket.getValue() >= rank) {
        if (bucket.getKey().isInfinite()) {
          return lowerBound;
        }
        double inBucket = bucket.getValue() - lowerCount;
        return lowerBound + (bucket.getKey() - lowerBound) * (inBucket == 0 ? 1 : (rank - lowerCount) / inBucket);
      }
      lowerBound = bucket.getKey();
      lowerCount = bucket.getValue();
    }
    return Double.NaN;
  }

  private static long count(Indexer indexer) throws Exception {
    String body = Http.get("http://127.0.0.1:" + indexer.port() + "/logs/_count").body();
    Matcher m = Pattern.compile("\"count\":(\\d+)").matcher(body);
    return m.find() ? Long.parseLong(m.group(1)) : 0;
  }
}
