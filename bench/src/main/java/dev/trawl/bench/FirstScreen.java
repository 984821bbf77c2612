package dev.trawl.bench;

import dev.trawl.config.ConfigLoader;
import dev.trawl.indexer.Indexer;
import dev.trawl.indexer.IndexerConfig;
import dev.trawl.queryui.QueryUi;
import dev.trawl.queryui.QueryUiConfig;
import java.io.File;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.LockSupport;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The query UI's first screen over a generated day of logs in the Trawl indexer. Server side: the
 * requests the page sends when it opens — hits (200), the histogram (30-minute bars for 24 h), the
 * sidebar's top values and the three pickers — all at once, as the browser does, timed until the
 * last answer; for all lines, a word in ~1% of them, and one pod. Browser side (when Debian's
 * chromium and chromedriver are installed): the time from navigation to the first rows in the
 * table ({@code performance.mark('trawl:first-rows')} in the page). Prints p50 and p95.
 * Arguments: documents (default 1000000), timed runs (default 30).
 */
public final class FirstScreen {
  private static final int WARMUP = 5;
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private FirstScreen() {}

  public static void main(String[] args) throws Exception {
    int docs = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 30;
    BenchDocuments generated = new BenchDocuments(docs);
    Path dir = Files.createTempDirectory("trawl-bench-first-screen-");
    try (Indexer indexer = Indexer.start(new ConfigLoader(IndexerConfig.KEYS).load(null, Map.of(
            "TRAWL_DATA_DIR", dir.resolve("trawl").toString(), "TRAWL_HTTP_PORT", "0", "TRAWL_HTTP_HOST", "127.0.0.1",
            "TRAWL_RETENTION_MAX_AGE", "36500d")));
        QueryUi ui = QueryUi.start(new ConfigLoader(QueryUiConfig.KEYS).load(null, Map.of(
            "TRAWL_INDEXER_URL", "http://127.0.0.1:" + indexer.port(), "TRAWL_HTTP_PORT", "0", "TRAWL_TLS_PORT", "0")))) {
      Engine engine = new Engine("trawl", "http://127.0.0.1:" + indexer.port());
      for (int from = 0; from < docs; from += 5000) {
        engine.bulk(generated.bulkBody(from, Math.min(docs, from + 5000)));
      }
      engine.awaitCount(docs);
      System.out.printf("first_screen_documents %d docs%n", docs);
      String range = "from=" + BenchDocuments.START + "&to=" + BenchDocuments.START.plusNanos(BenchDocuments.DAY_NANOS - 1);
      Map<String, String> views = new LinkedHashMap<>();
      views.put("all_lines", range + "&q=");
      views.put("word", range + "&q=" + BenchDocuments.COMMON_WORD);
      views.put("one_pod", range + "&q=&filters=" + URLEncoder.encode(
          "[{\"field\":\"kubernetes.pod.name\",\"value\":\"app-7\",\"negate\":false}]", StandardCharsets.UTF_8));
      for (Map.Entry<String, String> view : views.entrySet()) {
        long[] nanos = new long[runs];
        for (int run = -WARMUP; run < runs; run++) {
          long start = System.nanoTime();
          firstScreen(ui.url(), view.getValue());
          if (run >= 0) {
            nanos[run] = System.nanoTime() - start;
          }
        }
        Arrays.sort(nanos);
        System.out.printf("first_screen_server_%s_p50 %.1f ms%n", view.getKey(), percentile(nanos, 0.50));
        System.out.printf("first_screen_server_%s_p95 %.1f ms%n", view.getKey(), percentile(nanos, 0.95));
      }
      if (new File("/usr/bin/chromium").canExecute() && new File("/usr/bin/chromedriver").canExecute()) {
        browserFirstRows(ui.url() + "?" + views.get("all_lines"), Math.min(runs, 15), dir);
      } else {
        System.out.println("first_screen_browser skipped: Debian packages chromium and chromium-driver are not installed");
      }
    } finally {
      BenchSupport.delete(dir);
    }
  }

  /** The requests the page sends on opening, in parallel; fails on any error answer. */
  private static void firstScreen(String base, String view) {
    List<String> paths = new ArrayList<>(List.of("api/search?size=200&" + view, "api/histogram?interval=30m&" + view,
        "api/fields?" + view));
    String range = view.substring(0, view.indexOf("&q="));
    for (String field : List.of("kubernetes.namespace", "kubernetes.pod.name", "kubernetes.container.name")) {
      paths.add("api/values?field=" + field + "&" + range);
    }
    CompletableFuture.allOf(paths.stream().map(p -> HTTP.sendAsync(HttpRequest.newBuilder(URI.create(base + p)).build(),
        HttpResponse.BodyHandlers.ofString()).thenAccept(r -> {
          if (r.statusCode() != 200) {
            throw new IllegalStateException(p + " answered " + r.statusCode() + ": " + r.body());
          }
        })).toArray(CompletableFuture[]::new)).join();
  }

  private static void browserFirstRows(String url, int runs, Path dir) throws Exception {
    ChromeOptions options = new ChromeOptions().setBinary("/usr/bin/chromium").addArguments("--headless=new", "--no-sandbox",
        "--disable-dev-shm-usage", "--disable-gpu", "--no-first-run", "--window-size=1400,900",
        "--user-data-dir=" + Files.createDirectories(dir.resolve("chrome")));
    ChromeDriver browser = new ChromeDriver(new ChromeDriverService.Builder()
        .usingDriverExecutable(new File("/usr/bin/chromedriver")).usingAnyFreePort().build(), options);
    try {
      long[] nanos = new long[runs];
      for (int run = -WARMUP; run < runs; run++) {
        browser.get(url);
        double millis = firstRowsMillis(browser);
        if (run >= 0) {
          nanos[run] = (long) (millis * 1e6);
        }
      }
      Arrays.sort(nanos);
      System.out.printf("first_screen_browser_first_rows_p50 %.1f ms%n", percentile(nanos, 0.50));
      System.out.printf("first_screen_browser_first_rows_p95 %.1f ms%n", percentile(nanos, 0.95));
    } finally {
      browser.quit();
    }
  }

  /** Milliseconds from navigation to the page's first-rows mark. */
  private static double firstRowsMillis(ChromeDriver browser) {
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (System.nanoTime() < deadline) {
      Object mark = ((JavascriptExecutor) browser).executeScript(
          "const m = performance.getEntriesByName('trawl:first-rows'); return m.length ? m[0].startTime : null;");
      if (mark instanceof Number n) {
        return n.doubleValue();
      }
      LockSupport.parkNanos(5_000_000);
    }
    throw new IllegalStateException("no rows within 60 s at " + browser.getCurrentUrl() + " (started " + Instant.now() + ")");
  }

  private static double percentile(long[] sorted, double p) {
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)] / 1e6;
  }
}
