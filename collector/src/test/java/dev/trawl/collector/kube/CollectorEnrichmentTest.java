package dev.trawl.collector.kube;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trawl.collector.Collector;
import dev.trawl.collector.CollectorConfig;
import dev.trawl.collector.queue.NodeQueue;
import dev.trawl.collector.queue.QueuedDocument;
import dev.trawl.collector.queue.Stream;
import dev.trawl.config.ConfigLoader;
import dev.trawl.testing.Await;
import dev.trawl.testing.Ports;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A running collector enriching real files from the recorded API: each record carries its pod's
 * metadata, a pod the API never names ships flagged after a short wait, an excluded pod's lines
 * are dropped, files found while the first list is slow wait for it, and no line, file or
 * container restart costs a request: the API sees one list and one watch per resource, nothing
 * more.
 */
class CollectorEnrichmentTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String GHOST = "0b0b0b0b-1c1c-4d2d-8e3e-4f4f4f4f4f4f";
  private static final int LINES = 40;

  @TempDir Path dir;

  private Path logFile(String namespace, String pod, String uid, String container, int restart) throws IOException {
    Path file = dir.resolve("pods").resolve(namespace + "_" + pod + "_" + uid).resolve(container).resolve(restart + ".log");
    Files.createDirectories(file.getParent());
    return file;
  }

  private static void write(Path file, String tag, int from, int to) throws IOException {
    StringBuilder text = new StringBuilder();
    for (int i = from; i < to; i++) {
      text.append("2026-11-22T08:01:20.").append(String.format("%09d", i)).append("Z stdout F ").append(tag).append(" line ")
          .append(i).append('\n');
    }
    Files.writeString(file, text, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }

  private static List<JsonNode> queuedLogs(Path queueDir) throws IOException {
    List<JsonNode> docs = new ArrayList<>();
    try (NodeQueue queue = new NodeQueue(queueDir, Long.MAX_VALUE, new SimpleMeterRegistry());
        NodeQueue.Reader reader = queue.reader()) {
      for (QueuedDocument doc = reader.next(); doc != null; doc = reader.next()) {
        if (doc.stream() == Stream.LOGS) {
          docs.add(JSON.readTree(doc.source()));
        }
      }
    }
    return docs;
  }

  private static Map<String, List<JsonNode>> byPod(List<JsonNode> docs) {
    return docs.stream().collect(Collectors.groupingBy(d -> d.at("/kubernetes/pod/name").asText(), TreeMap::new,
        Collectors.toList()));
  }

  /** A big cluster's first list takes a while: this one outlasts the unknown-pod wait. */
  private static final Duration SLOW_LIST = Duration.ofSeconds(3);

  private Collector start(String apiUrl, String firstListWait, String unknownPodWait) throws Exception {
    Map<String, String> env = Map.of("TRAWL_KUBE_FIRST_LIST_WAIT", firstListWait, "TRAWL_NODE_NAME", "node-1",
        "TRAWL_TAIL_PATHS", dir.resolve("pods") + "/*/*/*.log",
        "TRAWL_STATE_DIR", dir.resolve("state").toString(), "TRAWL_CGROUP_ROOT", dir.resolve("no-cgroups").toString(),
        "TRAWL_SHIPPER_URL", "http://127.0.0.1:" + Ports.closed(), "TRAWL_HTTP_PORT", "0", "TRAWL_KUBE_URL", apiUrl,
        "TRAWL_KUBE_UNKNOWN_POD_WAIT", unknownPodWait, "TRAWL_KUBE_ANNOTATIONS", "prometheus.io/scrape");
    return Collector.start(new ConfigLoader(CollectorConfig.KEYS).load(null, env), Map.of());
  }

  @Test
  void whileTheApiIsUnreachableLinesFlowWithThePathsMetadataFlagged() throws Exception {
    Path cart = logFile("shop", "cart-7d4b9c8f5-x2x9z", KubePodCacheTest.CART, "cart", 0);
    write(cart, "cart", 0, LINES);
    try (Collector collector = start("http://127.0.0.1:" + Ports.closed(), "200ms", "200ms")) {
      Await.until("the lines queued", Duration.ofSeconds(30), () -> queuedLogs(dir.resolve("state/queue")).size() >= LINES);
      for (JsonNode doc : queuedLogs(dir.resolve("state/queue"))) {
        assertEquals("cart-7d4b9c8f5-x2x9z", doc.at("/kubernetes/pod/name").asText());
        assertEquals("[\"no_pod_metadata\"]", doc.at("/log/flags").toString());
      }
    }
  }

  @Test
  void aPodListedBeforeItsReplicaSetAndJobWaitsForThemToNameItsWorkload() throws Exception {
    Path cart = logFile("shop", "cart-7d4b9c8f5-x2x9z", KubePodCacheTest.CART, "cart", 0);
    Path report = logFile("batch", "report-28869120-k7h2m", KubePodCacheTest.REPORT, "report", 0);
    write(cart, "cart", 0, LINES);
    write(report, "report", 0, LINES);
    try (RecordedApi api = KubePodCacheTest.quietCluster().listDelay(KubePodCacheTest.REPLICA_SETS, SLOW_LIST)
            .listDelay(KubePodCacheTest.JOBS, SLOW_LIST);
        Collector collector = start(api.url(), "30s", "2s")) {
      Await.until("both files' lines queued", Duration.ofSeconds(30),
          () -> queuedLogs(dir.resolve("state/queue")).size() >= 2 * LINES);
      for (JsonNode doc : queuedLogs(dir.resolve("state/queue"))) {
        String pod = doc.at("/kubernetes/pod/name").asText();
        assertEquals(pod.startsWith("cart") ? "cart" : "report",
            doc.at(pod.startsWith("cart") ? "/kubernetes/deployment/name" : "/kubernetes/cronjob/name").asText(), doc.toString());
      }
    }
  }

  @Test
  void enrichesEveryRecordWithOneListAndOneWatchPerResource() throws Exception {
    Path cart = logFile("shop", "cart-7d4b9c8f5-x2x9z", KubePodCacheTest.CART, "cart", 0);
    Path report = logFile("batch", "report-28869120-k7h2m", KubePodCacheTest.REPORT, "report", 0);
    Path apiServer = logFile("kube-system", "kube-apiserver-node-1", KubePodCacheTest.API_SERVER_MIRROR_HASH,
        "kube-apiserver", 0);
    Path web = logFile("web", "web-5c9f7b6d4-q8w2x", KubePodCacheTest.WEB, "nginx", 0);
    Path noisy = logFile("shop", "noisy-0", KubePodCacheTest.NOISY, "noisy", 0);
    Path ghost = logFile("shop", "ghost-1", GHOST, "ghost", 0);
    for (Path file : List.of(cart, report, apiServer, web, noisy, ghost)) {
      write(file, file.getParent().getFileName().toString(), 0, LINES);
    }
    Path queueDir = dir.resolve("state/queue");
    try (RecordedApi api = KubePodCacheTest.quietCluster().watch(KubePodCacheTest.PODS, "pods-watch-1.ndjson", false)) {
      api.listDelay(KubePodCacheTest.PODS, SLOW_LIST);
      // The default wait: on a loaded machine the watch's first event can come half a second after the list.
      try (Collector collector = start(api.url(), "30s", "2s")) {
        Await.until("5 files' lines queued", Duration.ofSeconds(30), () -> queuedLogs(queueDir).size() >= 5 * LINES);
        Map<String, List<JsonNode>> pods = byPod(queuedLogs(queueDir));
        assertEquals(List.of("cart-7d4b9c8f5-x2x9z", "ghost-1", "kube-apiserver-node-1", "report-28869120-k7h2m",
            "web-5c9f7b6d4-q8w2x"), List.copyOf(pods.keySet()), "noisy-0 is excluded");
        pods.values().forEach(docs -> assertEquals(LINES, docs.size()));

        JsonNode cartDoc = pods.get("cart-7d4b9c8f5-x2x9z").get(0);
        assertEquals("cart", cartDoc.at("/kubernetes/deployment/name").asText());
        assertEquals("cart", cartDoc.at("/kubernetes/labels/app.kubernetes.io~1name").asText());
        assertEquals("true", cartDoc.at("/kubernetes/annotations/prometheus.io~1scrape").asText());
        assertEquals("commerce", cartDoc.at("/kubernetes/namespace_labels/team").asText());
        assertEquals("10.244.3.17", cartDoc.at("/kubernetes/pod/ip").asText());
        assertEquals("registry.example.com/shop/cart:1.8.2", cartDoc.at("/container/image/name").asText());
        assertEquals("report", pods.get("report-28869120-k7h2m").get(0).at("/kubernetes/cronjob/name").asText());
        assertEquals("report-28869120", pods.get("report-28869120-k7h2m").get(0).at("/kubernetes/job/name").asText());
        assertEquals("kube-apiserver", pods.get("kube-apiserver-node-1").get(0).at("/kubernetes/labels/component").asText(),
            "a static pod enriched through its mirror");
        assertEquals("frontend", pods.get("web-5c9f7b6d4-q8w2x").get(0).at("/kubernetes/deployment/name").asText(),
            "a pod that arrived by watch event");
        for (List<JsonNode> docs : pods.values()) {
          for (JsonNode doc : docs) {
            boolean ghostLine = doc.at("/kubernetes/pod/uid").asText().equals(GHOST);
            assertEquals(ghostLine, doc.at("/log/flags").toString().contains("no_pod_metadata"), doc.toString());
          }
        }
        JsonNode ghostDoc = pods.get("ghost-1").get(0);
        assertEquals("shop", ghostDoc.at("/kubernetes/namespace").asText(), "the path's metadata");
        assertEquals("ghost", ghostDoc.at("/kubernetes/container/name").asText());
        assertTrue(ghostDoc.at("/kubernetes/labels").isMissingNode());
        String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + collector.httpPort() + "/metrics")).build(),
            HttpResponse.BodyHandlers.ofString()).body();
        assertTrue(metrics.contains("trawl_collector_lines_without_pod_metadata_total " + LINES + ".0"), metrics);
        assertTrue(metrics.contains("trawl_collector_excluded_lines_total " + LINES + ".0"), metrics);

        // More lines, and a container restart's new file: still nothing asked of the API.
        write(cart, "cart", LINES, 10 * LINES);
        write(logFile("shop", "cart-7d4b9c8f5-x2x9z", KubePodCacheTest.CART, "cart", 1), "cart-restarted", 0, LINES);
        write(web, "nginx", LINES, 10 * LINES);
        Await.until("the later lines queued", Duration.ofSeconds(30),
            () -> queuedLogs(queueDir).size() >= 5 * LINES + 9 * LINES + LINES + 9 * LINES);
      }
      for (String resource : List.of(KubePodCacheTest.PODS, KubePodCacheTest.NAMESPACES, KubePodCacheTest.REPLICA_SETS,
          KubePodCacheTest.JOBS)) {
        assertEquals(1, api.count(resource, false), resource + " lists");
        assertEquals(1, api.count(resource, true), resource + " watches");
      }
      assertEquals(8, api.requests().size(), "no request per line, per file or per container");
    }
  }
}
