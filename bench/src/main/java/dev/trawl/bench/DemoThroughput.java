package dev.trawl.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trawl.config.ConfigLoader;
import dev.trawl.launcher.demo.Demo;
import dev.trawl.launcher.demo.DemoConfig;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * The whole stack in one JVM, as {@code ./trawl demo} runs it, with the demo workload multiplied:
 * lines written and documents indexed per second over a measured window after a warm-up, and the
 * process's heap and resident memory at the end. Arguments: rate multiplier (default 100),
 * seconds measured (default 30).
 */
public final class DemoThroughput {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private DemoThroughput() {}

  public static void main(String[] args) throws Exception {
    int rate = args.length > 0 ? Integer.parseInt(args[0]) : 100;
    int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 30;
    Path dir = Files.createTempDirectory("trawl-bench-");
    try (Demo demo = Demo.start(new ConfigLoader(DemoConfig.KEYS).load(null, Map.of("TRAWL_DEMO_DIR", dir.toString(),
        "TRAWL_DEMO_RATE", Integer.toString(rate),
        "TRAWL_DEMO_QUERY_UI_PORT", "0", "TRAWL_DEMO_INDEXER_PORT", "0", "TRAWL_DEMO_COLLECTOR_PORT", "0")))) {
      String count = demo.indexerUrl() + "/logs/_count";
      BenchSupport.pause(Duration.ofSeconds(10));
      long written0 = demo.linesWritten();
      long indexed0 = count(count);
      long start = System.nanoTime();
      BenchSupport.pause(Duration.ofSeconds(seconds));
      double elapsed = (System.nanoTime() - start) / 1e9;
      long written = demo.linesWritten() - written0;
      long indexed = count(count) - indexed0;
      System.out.printf("demo_rate_multiplier %d x%n", rate);
      System.out.printf("demo_lines_written_per_second %.0f lines/s%n", written / elapsed);
      System.out.printf("demo_docs_indexed_per_second %.0f docs/s%n", indexed / elapsed);
      System.out.printf("demo_backlog_at_end %d docs%n", demo.linesWritten() - count(count));
      Runtime rt = Runtime.getRuntime();
      System.out.printf("demo_heap_used %.0f MiB%n", (rt.totalMemory() - rt.freeMemory()) / 1048576.0);
      System.out.printf("demo_rss %.0f MiB%n", BenchSupport.rssBytes() / 1048576.0);
      System.out.printf("demo_rss_anonymous %.0f MiB%n", BenchSupport.anonymousRssBytes() / 1048576.0);
      System.out.printf("demo_process_cpu_seconds %.1f s%n",
          ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime() / 1e9);
    } finally {
      BenchSupport.delete(dir);
    }
  }

  private static long count(String url) throws Exception {
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
    return JSON.readTree(r.body()).path("count").asLong();
  }
}
