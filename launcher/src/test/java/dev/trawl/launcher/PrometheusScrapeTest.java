package dev.trawl.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trawl.config.ConfigLoader;
import dev.trawl.launcher.demo.Demo;
import dev.trawl.launcher.demo.DemoConfig;
import dev.trawl.testing.Await;
import dev.trawl.testing.Http;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real Prometheus (Debian's) scrapes the three components of a running demo. */
class PrometheusScrapeTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private static boolean onPath(String command) {
    for (String p : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (Files.isExecutable(Path.of(p, command))) {
        return true;
      }
    }
    return false;
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static JsonNode query(int port, String promql) throws Exception {
    return JSON.readTree(Http.get("http://127.0.0.1:" + port + "/api/v1/query?query="
        + URLEncoder.encode(promql, StandardCharsets.UTF_8)).body()).path("data").path("result");
  }

  private static final java.util.regex.Pattern LABEL_VALUES =
      java.util.regex.Pattern.compile("label_values\\((.+), *([a-z_]+)\\)");

  /**
   * Every panel of every Grafana dashboard, with its variables set to a value Prometheus offers
   * for them (as Grafana would), returns at least one series.
   */
  private static void assertEveryDashboardPanelHasData(int port) throws Exception {
    java.util.List<Path> files;
    try (var list = Files.list(Path.of("..", "dashboards", "grafana"))) {
      files = list.filter(f -> f.toString().endsWith(".json")).sorted().toList();
    }
    assertEquals(5, files.size(), files.toString());
    int panels = 0;
    for (Path file : files) {
      JsonNode dashboard = JSON.readTree(file.toFile());
      Map<String, String> values = new java.util.LinkedHashMap<>();
      for (JsonNode variable : dashboard.at("/templating/list")) {
        if (!variable.path("type").asText().equals("query")) {
          continue;
        }
        java.util.regex.Matcher m = LABEL_VALUES.matcher(fill(variable.at("/query/query").asText(), values));
        assertTrue(m.matches(), file + ": variable " + variable.path("name"));
        String url = "http://127.0.0.1:" + port + "/api/v1/label/" + m.group(2) + "/values?match[]="
            + URLEncoder.encode(m.group(1), StandardCharsets.UTF_8);
        JsonNode offered = Await.until(file.getFileName() + " variable " + variable.path("name").asText(), Duration.ofSeconds(60),
            () -> JSON.readTree(Http.get(url).body()).path("data"), d -> d.size() > 0);
        values.put(variable.path("name").asText(), offered.get(0).asText());
      }
      for (JsonNode panel : dashboard.path("panels")) {
        for (JsonNode target : panel.path("targets")) {
          String expr = fill(target.path("expr").asText(), values);
          Await.until(file.getFileName() + " panel '" + panel.path("title").asText() + "': " + expr, Duration.ofSeconds(60),
              () -> query(port, expr), r -> r.size() > 0);
        }
        panels++;
      }
    }
    assertTrue(panels >= 30, "panels checked: " + panels);
  }

  private static String fill(String expr, Map<String, String> values) {
    String out = expr;
    for (var e : values.entrySet()) {
      out = out.replace("$" + e.getKey(), e.getValue());
    }
    return out;
  }

  @Test
  void prometheusScrapesEveryComponentAndSeesContainerMetrics() throws Exception {
    assumeTrue(onPath("prometheus"), "Debian package prometheus is not installed (./trawl test installs it as root)");
    int collectorPort = freePort();
    int indexerPort = freePort();
    int uiPort = freePort();
    try (Demo demo = Demo.start(new ConfigLoader(DemoConfig.KEYS).load(null, Map.of(
        "TRAWL_DEMO_DIR", dir.resolve("demo").toString(), "TRAWL_DEMO_QUERY_UI_PORT", Integer.toString(uiPort),
        "TRAWL_DEMO_INDEXER_PORT", Integer.toString(indexerPort), "TRAWL_DEMO_COLLECTOR_PORT", Integer.toString(collectorPort))))) {
      Path config = Files.writeString(dir.resolve("prometheus.yml"), """
          global:
            scrape_interval: 1s
            evaluation_interval: 1s
          scrape_configs:
            - job_name: trawl-collector
              static_configs: [{targets: ["127.0.0.1:%d"]}]
            - job_name: trawl-indexer
              static_configs: [{targets: ["127.0.0.1:%d"]}]
            - job_name: trawl-query-ui
              static_configs: [{targets: ["127.0.0.1:%d"]}]
          """.formatted(collectorPort, indexerPort, uiPort));
      int port = freePort();
      Process prometheus = new ProcessBuilder("prometheus", "--config.file=" + config,
          "--storage.tsdb.path=" + dir.resolve("tsdb"), "--web.listen-address=127.0.0.1:" + port)
          .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
      try {
        JsonNode up = Await.until("all three targets up", Duration.ofSeconds(60), () -> query(port, "up == 1"),
            r -> r.size() == 3);
        Set<String> jobs = new HashSet<>();
        up.forEach(s -> jobs.add(s.path("metric").path("job").asText()));
        assertEquals(Set.of("trawl-collector", "trawl-indexer", "trawl-query-ui"), jobs);
        JsonNode rates = Await.until("container CPU rates", Duration.ofSeconds(60),
            () -> query(port, "rate(container_cpu_usage_seconds_total[1m])"), r -> r.size() >= 12);
        JsonNode metric = rates.get(0).path("metric");
        assertEquals(Demo.NODE_NAME, metric.path("node").asText());
        assertTrue(!metric.path("namespace").asText().isEmpty() && !metric.path("pod").asText().isEmpty()
            && !metric.path("container").asText().isEmpty(), metric.toString());
        Await.until("indexed documents counted", Duration.ofSeconds(60),
            () -> query(port, "trawl_indexer_docs_indexed_total > 0"), r -> r.size() == 1);
        Await.until("the collector's container fields held in series tables", Duration.ofSeconds(60),
            () -> query(port, "trawl_indexer_partition_series_tables_bytes{stream=\"logs\"} > 0"), r -> r.size() >= 1);
        String rules = Files.readString(Path.of("..", "dashboards", "alerts.yaml"));
        java.util.regex.Matcher names = java.util.regex.Pattern.compile("\\b(trawl_[a-z_]+)").matcher(rules);
        int checked = 0;
        while (names.find()) {
          String name = names.group(1);
          assertTrue(query(port, "count(" + name + ")").size() == 1, "alert rules use " + name + ", which nothing exports");
          checked++;
        }
        assertTrue(checked >= 6, "the rules reference the components' metrics");
        Http.get("http://127.0.0.1:" + indexerPort + "/logs/_search?q=message:error");
        assertEveryDashboardPanelHasData(port);
      } finally {
        prometheus.destroy();
        prometheus.waitFor();
      }
    }
  }
}
