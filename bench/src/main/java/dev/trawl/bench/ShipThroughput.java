package dev.trawl.bench;

import com.sun.net.httpserver.HttpServer;
import dev.trawl.collector.CollectorConfig;
import dev.trawl.collector.queue.DocumentBatch;
import dev.trawl.collector.queue.NodeQueue;
import dev.trawl.collector.queue.Stream;
import dev.trawl.collector.record.DocumentId;
import dev.trawl.collector.ship.BulkClient;
import dev.trawl.collector.ship.BulkRequestWriter;
import dev.trawl.collector.ship.DeadLetters;
import dev.trawl.collector.ship.Shipper;
import dev.trawl.collector.ship.ShipperEvents;
import dev.trawl.collector.ship.ShipperSettings;
import dev.trawl.collector.ship.TargetSetup;
import dev.trawl.config.ConfigLoader;
import dev.trawl.indexer.Indexer;
import dev.trawl.indexer.IndexerConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.zip.GZIPInputStream;

/**
 * The shipper alone: a node queue filled with N realistic log documents, then shipped in batches of
 * up to 5 MiB and BATCH_DOCS docs, gzipped, until every one is acknowledged, to a
 * null {@code _bulk} sink (answers 201 for every item, in this JVM) and to a Trawl indexer (in this
 * JVM); each with one request in flight and with two (the default). Prints docs/s, source MB/s and
 * the process's CPU seconds per million documents (the sink's or indexer's share included).
 * Arguments: documents (default 500,000), documents per bulk request (default: the collector's).
 */
public final class ShipThroughput {
  private ShipThroughput() {}

  public static void main(String[] args) throws Exception {
    int docs = args.length > 0 ? Integer.parseInt(args[0]) : 500_000;
    int batchDocs = args.length > 1 ? Integer.parseInt(args[1]) : Integer.parseInt(CollectorConfig.SHIPPER_BATCH_DOCS.defaultText());
    System.out.printf("ship_batch_docs %d docs%n", batchDocs);
    Path dir = Files.createTempDirectory("trawl-bench-ship-");
    BenchDocuments generator = new BenchDocuments(docs);
    try (NullSink sink = new NullSink()) {
      for (int inFlight : new int[] {1, 2}) {
        ship("null_sink", sink.url(), dir.resolve("null-" + inFlight), generator, batchDocs, inFlight);
      }
      for (int inFlight : new int[] {1, 2}) {
        Path data = dir.resolve("indexer-" + inFlight);
        try (Indexer indexer = Indexer.start(new ConfigLoader(IndexerConfig.KEYS).load(null, Map.of(
            "TRAWL_DATA_DIR", data.toString(), "TRAWL_HTTP_PORT", "0", "TRAWL_HTTP_HOST", "127.0.0.1",
            "TRAWL_LIMITS_REQUESTS_PER_SECOND", "0", "TRAWL_LIMITS_CONCURRENT", "0")))) {
          ship("trawl_indexer", "http://127.0.0.1:" + indexer.port(), dir.resolve("queue-indexer-" + inFlight), generator,
              batchDocs, inFlight);
        }
      }
    } finally {
      BenchSupport.delete(dir);
    }
  }

  private static void ship(String target, String url, Path queueDir, BenchDocuments generator, int batchDocs, int inFlight)
      throws Exception {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    long sourceBytes = 0;
    try (NodeQueue queue = new NodeQueue(queueDir, Long.MAX_VALUE, registry);
        DeadLetters deadLetters = new DeadLetters(queueDir.resolveSibling(queueDir.getFileName() + "-state"), 1 << 20, registry)) {
      // in batches, as the tailer writes them; the closing brace stands for the container's shared tail
      DocumentBatch batch = new DocumentBatch(queue);
      byte[] tail = {'}'};
      DocumentId ids = new DocumentId("bench-node", "bench-uid", "app", 42, 0);
      long offset = 0;
      for (int i = 0; i < generator.size(); i++) {
        byte[] source = generator.source(i);
        batch.add(Stream.LOGS, tail, ids, offset, source, 0, source.length - 1);
        offset += source.length;
        sourceBytes += source.length;
      }
      batch.flush();
      Shipper shipper = new Shipper(queue, new BulkClient(url, null, Duration.ofSeconds(60)),
          new BulkRequestWriter("logs", "metrics"),
          new ShipperSettings(batchDocs, 5L << 20, Duration.ofSeconds(1), true, Duration.ofSeconds(10), inFlight),
          new ShipperEvents(registry), deadLetters, TargetSetup.NONE);
      long cpu0 = cpuNanos();
      long start = System.nanoTime();
      shipper.start();
      while (queue.pendingBytes() > 0) {
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      double cpu = (cpuNanos() - cpu0) / 1e9;
      shipper.close();
      double delivered = registry.counter("trawl.shipper.docs.delivered").count();
      if (delivered != generator.size()) {
        throw new IllegalStateException(target + ": " + delivered + " delivered of " + generator.size());
      }
      String name = "ship_" + target + "_in_flight_" + inFlight;
      System.out.printf("%s_docs_per_second %.0f docs/s%n", name, generator.size() / seconds);
      System.out.printf("%s_source_mb_per_second %.1f MB/s%n", name, sourceBytes / 1e6 / seconds);
      System.out.printf("%s_cpu_seconds_per_million_docs %.1f s%n", name, cpu * 1e6 / generator.size());
    }
  }

  private static long cpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
  }

  /** A {@code _bulk} endpoint that stores nothing and answers 201 for every item. */
  private static final class NullSink implements AutoCloseable {
    private static final byte[] ITEM = "{\"create\":{\"status\":201}}".getBytes(StandardCharsets.US_ASCII);
    private final HttpServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(2);

    NullSink() throws IOException {
      // without it the JDK server's separate header and body writes meet the client's delayed ACK:
      // a 40 ms stall per request that would be the sink's, not the shipper's
      System.setProperty("sun.net.httpserver.nodelay", "true");
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
      server.createContext("/_bulk", exchange -> {
        int items;
        try (InputStream body = "gzip".equals(exchange.getRequestHeaders().getFirst("Content-Encoding"))
            ? new GZIPInputStream(exchange.getRequestBody(), 64 * 1024) : exchange.getRequestBody()) {
          items = newlines(body) / 2;
        }
        ByteArrayOutputStream answer = new ByteArrayOutputStream(items * (ITEM.length + 1) + 64);
        answer.writeBytes("{\"took\":0,\"errors\":false,\"items\":[".getBytes(StandardCharsets.US_ASCII));
        for (int i = 0; i < items; i++) {
          if (i > 0) {
            answer.write(',');
          }
          answer.writeBytes(ITEM);
        }
        answer.writeBytes("]}".getBytes(StandardCharsets.US_ASCII));
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, answer.size());
        exchange.getResponseBody().write(answer.toByteArray());
        exchange.close();
      });
      server.setExecutor(threads);
      server.start();
    }

    String url() {
      return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private static int newlines(InputStream in) throws IOException {
      byte[] buffer = new byte[64 * 1024];
      int count = 0;
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        for (int i = 0; i < n; i++) {
          if (buffer[i] == '\n') {
            count++;
          }
        }
      }
      return count;
    }

    @Override
    public void close() {
      server.stop(0);
      threads.shutdownNow();
    }
  }
}
