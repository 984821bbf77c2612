package dev.trawl.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trawl.collector.Collector;
import dev.trawl.collector.CollectorConfig;
import dev.trawl.config.ConfigLoader;
import dev.trawl.indexer.Indexer;
import dev.trawl.indexer.IndexerConfig;
import dev.trawl.launcher.demo.CriLogFile;
import dev.trawl.launcher.demo.DemoPod;
import dev.trawl.launcher.demo.StandInApi;
import dev.trawl.queryui.QueryUi;
import dev.trawl.queryui.QueryUiConfig;
import dev.trawl.testing.Await;
import dev.trawl.testing.Http;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Collector, indexer and query UI as separate components on loopback, a stand-in API serving two
 * pods, and CRI lines appended to real files: the lines become searchable through the UI's API
 * with the record's fields.
 */
class EndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir Path dir;

  private static DemoPod pod(String ns, String name, String container, String app) {
    return new DemoPod(ns, name, "ignored", container, "c".repeat(63) + name.length() % 10, "ghcr.io/x/" + app + ":1",
        "10.1.2.3", Map.of("app", app, "pod-template-hash", "5d8f9"), "ReplicaSet", app + "-5d8f9",
        DemoPod.LogStyle.JSON, 1);
  }

  private JsonNode search(String ui, String q) throws Exception {
    String url = ui + "api/search?from=now-1h&to=now%2B1h&size=100&q=" + URLEncoder.encode(q, StandardCharsets.UTF_8);
    return JSON.readTree(Http.get(url).body());
  }

  @Test
  void linesWrittenToPodLogFilesAreSearchableWithTheirKubernetesFields() throws Exception {
    try (StandInApi api = new StandInApi("node-e2e", List.of(pod("shop", "cart-5d8f9-abcde", "cart", "cart"),
            pod("quiet", "noisy-5d8f9-zzzzz", "noisy", "noisy")));
        Indexer indexer = Indexer.start(new ConfigLoader(IndexerConfig.KEYS).load(null, Map.of(
            "TRAWL_DATA_DIR", dir.resolve("indexer").toString(), "TRAWL_HTTP_PORT", "0", "TRAWL_HTTP_HOST", "127.0.0.1",
            "TRAWL_REFRESH_INTERVAL", "200ms")));
        QueryUi ui = QueryUi.start(new ConfigLoader(QueryUiConfig.KEYS).load(null, Map.of(
            "TRAWL_INDEXER_URL", "http://127.0.0.1:" + indexer.port(), "TRAWL_HTTP_PORT", "0", "TRAWL_TLS_PORT", "0")))) {
      DemoPod cart = api.pods().get(0);
      DemoPod noisy = api.pods().get(1);
      api.client().pods().inNamespace("quiet").withName(noisy.name())
          .edit(p -> { p.getMetadata().getAnnotations().put("trawl.dev/exclude", "true"); return p; });
      api.client().pods().inNamespace("shop").withName(cart.name())
          .edit(p -> { p.getMetadata().getAnnotations().put("trawl.dev/multiline", "java"); return p; });
      Path pods = dir.resolve("var/log/pods");
      Path cartDir = pods.resolve("shop_" + cart.name() + "_" + cart.uid() + "/cart");
      try (CriLogFile cartLog = new CriLogFile(cartDir, 30_000);
          CriLogFile noisyLog = new CriLogFile(pods.resolve("quiet_" + noisy.name() + "_" + noisy.uid() + "/noisy"), 1 << 20);
          Collector collector = Collector.start(new ConfigLoader(CollectorConfig.KEYS).load(null, Map.of(
              "TRAWL_NODE_NAME", "node-e2e", "TRAWL_TAIL_PATHS", pods.toAbsolutePath() + "/*/*/*.log",
              "TRAWL_STATE_DIR", dir.resolve("collector").toString(), "TRAWL_KUBE_URL", api.url(),
              "TRAWL_CGROUP_ROOT", dir.resolve("no-cgroups").toString(), "TRAWL_SHIPPER_URL", "http://127.0.0.1:" + indexer.port(),
              "TRAWL_SHIPPER_LINGER", "100ms", "TRAWL_HTTP_PORT", "0")), Map.of())) {
        Await.until("pods known to the collector", WAIT, () -> Http.get("http://127.0.0.1:" + collector.httpPort() + "/readyz")
            .statusCode() == 200);
        Instant t = Instant.now();
        cartLog.write(t, "stdout", "ERROR payment declined for order 1001");
        cartLog.write(t, "stdout", "java.lang.IllegalStateException: card declined");
        cartLog.write(t, "stdout", "\tat dev.demo.Payments.charge(Payments.java:42)");
        cartLog.write(t.plusMillis(1), "stderr", "x".repeat(40_000) + " end of a split line");
        for (int i = 0; i < 20; i++) {
          // before t: the malformed line below is stamped when it is read, which must not fall among these
          cartLog.write(t.minusSeconds(10).plusMillis(i), "stdout", "INFO order " + i + " done");
        }
        cartLog.write(t.plusMillis(30), "stdout", "{\"level\":\"warn\",\"msg\":\"json body\",\"trace_id\":\"t-123\",\"order\":7}");
        noisyLog.write(t, "stdout", "INFO this pod is excluded");
        Files.writeString(cartDir.resolve("0.log"), "not a CRI line at all\n", java.nio.file.StandardOpenOption.APPEND);

        String url = ui.url();
        JsonNode error = Await.until("the error line searchable", WAIT, () -> search(url, "message:declined"),
            r -> r.path("total").asInt() == 1);
        JsonNode src = error.path("hits").get(0).path("_source");
        assertEquals("ERROR payment declined for order 1001\njava.lang.IllegalStateException: card declined\n"
            + "\tat dev.demo.Payments.charge(Payments.java:42)", src.path("message").asText(), "the stack trace is one record");
        assertEquals("multiline", src.path("log").path("flags").get(0).asText());
        assertEquals("stdout", src.path("stream").asText());
        assertEquals("error", src.path("log").path("level").asText());
        assertEquals(t.toString().length() >= 20, src.path("@timestamp").asText().startsWith(t.toString().substring(0, 19)));
        JsonNode k8s = src.path("kubernetes");
        assertEquals("shop", k8s.path("namespace").asText());
        assertEquals(cart.name(), k8s.path("pod").path("name").asText());
        assertEquals(cart.uid(), k8s.path("pod").path("uid").asText());
        assertEquals("cart", k8s.path("container").path("name").asText());
        assertEquals("node-e2e", k8s.path("node").path("name").asText());
        assertEquals("cart", k8s.path("labels").path("app").asText());
        assertEquals("cart", k8s.path("deployment").path("name").asText());
        assertEquals("ghcr.io/x/cart:1", src.path("container").path("image").path("name").asText());

        JsonNode all = Await.until("every cart line searchable across rotations", WAIT,
            () -> search(url, "kubernetes.container.name:cart"), r -> r.path("total").asInt() == 24);
        assertTrue(Files.list(cartDir).anyMatch(f -> f.getFileName().toString().startsWith("0.log.")), "the log rotated");
        JsonNode split = search(url, "message:split");
        assertEquals(1, split.path("total").asInt(), "P parts joined into one record");
        assertEquals("partial", split.path("hits").get(0).path("_source").path("log").path("flags").get(0).asText());
        assertEquals("stderr", split.path("hits").get(0).path("_source").path("stream").asText());
        JsonNode json = search(url, "trace.id:t-123 AND json.order:7").path("hits").get(0).path("_source");
        assertEquals("json body", json.path("message").asText());
        assertEquals("warn", json.path("log").path("level").asText());
        List<String> paged = new java.util.ArrayList<>();
        String after = null;
        do {
          JsonNode page = JSON.readTree(Http.get(url + "api/search?from=now-1h&to=now%2B1h&size=10&q=kubernetes.container.name:cart"
              + (after == null ? "" : "&after=" + URLEncoder.encode(after, StandardCharsets.UTF_8))).body());
          page.path("hits").forEach(h -> paged.add(h.path("_id").asText()));
          JsonNode hits = page.path("hits");
          after = hits.size() == 10 ? hits.get(9).path("sort").toString() : null;
        } while (after != null);
        List<String> all24 = new java.util.ArrayList<>();
        all.path("hits").forEach(h -> all24.add(h.path("_id").asText()));
        assertEquals(all24, paged, "pages of 10 with after= give every line once, in the same order");
        assertEquals(400, Http.get(url + "api/search?after=nonsense").statusCode());
        String order10 = search(url, "message:\"order 10 done\"").path("hits").get(0).path("_id").asText();
        JsonNode context = JSON.readTree(Http.get(url + "api/context?size=3&id=" + order10).body());
        List<String> around = new java.util.ArrayList<>();
        context.path("before").forEach(h -> around.add(h.path("_source").path("message").asText()));
        around.add(context.path("hit").path("_source").path("message").asText());
        context.path("after").forEach(h -> around.add(h.path("_source").path("message").asText()));
        assertEquals(List.of("INFO order 7 done", "INFO order 8 done", "INFO order 9 done", "INFO order 10 done",
            "INFO order 11 done", "INFO order 12 done", "INFO order 13 done"), around, "surrounding lines in order");
        assertEquals(404, Http.get(url + "api/context?id=nope").statusCode());
        JsonNode malformed = search(url, "log.flags:malformed");
        assertEquals("not a CRI line at all", malformed.path("hits").get(0).path("_source").path("message").asText());
        assertEquals(0, search(url, "kubernetes.namespace:quiet").path("total").asInt(), "trawl.dev/exclude drops the pod");
        String newest = all.path("hits").get(0).path("_source").path("@timestamp").asText();
        String oldest = all.path("hits").get(all.path("hits").size() - 1).path("_source").path("@timestamp").asText();
        assertTrue(newest.compareTo(oldest) >= 0, "newest first");
      }
    }
  }
}
