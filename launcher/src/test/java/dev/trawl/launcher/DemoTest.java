package dev.trawl.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trawl.config.ConfigLoader;
import dev.trawl.launcher.demo.Demo;
import dev.trawl.launcher.demo.DemoConfig;
import dev.trawl.launcher.demo.DemoPods;
import dev.trawl.testing.Await;
import dev.trawl.testing.Http;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded demo, as {@code ./trawl demo} runs it: its pods' logs arrive enriched in every namespace. */
class DemoTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @Test
  void demoPodsLogsAreSearchableWithTheirMetadata() throws Exception {
    Path work = dir.resolve("demo");
    try (Demo demo = Demo.start(new ConfigLoader(DemoConfig.KEYS).load(null, Map.of("TRAWL_DEMO_DIR", work.toString(),
        "TRAWL_DEMO_RATE", "3", "TRAWL_DEMO_QUERY_UI_PORT", "0", "TRAWL_DEMO_INDEXER_PORT", "0",
        "TRAWL_DEMO_COLLECTOR_PORT", "0")))) {
      for (String ns : DemoPods.NAMESPACES) {
        JsonNode r = Await.until("logs of namespace " + ns, Duration.ofSeconds(60),
            () -> JSON.readTree(Http.get(demo.url() + "api/search?size=1&q=kubernetes.labels.app:*+AND+kubernetes.namespace:" + ns).body()),
            b -> b.path("total").asInt() > 0);
        JsonNode k8s = r.path("hits").get(0).path("_source").path("kubernetes");
        assertEquals(ns, k8s.path("namespace").asText());
        assertFalse(k8s.path("labels").path("app").asText().isEmpty(), k8s.toString());
        assertEquals(Demo.NODE_NAME, k8s.path("node").path("name").asText());
      }
      for (String workload : List.of("kubernetes.deployment.name:cart", "kubernetes.cronjob.name:report")) {
        Await.until("logs of " + workload, Duration.ofSeconds(60),
            () -> JSON.readTree(Http.get(demo.url() + "api/search?size=1&q=" + workload).body()),
            b -> b.path("total").asInt() > 0);
      }
      String metrics = demo.indexerUrl() + "/metrics/_search";
      JsonNode cpu = Await.until("container metric documents", Duration.ofSeconds(60), () -> JSON.readTree(Http.post(metrics,
          "{\"size\":1,\"query\":{\"bool\":{\"filter\":[{\"term\":{\"metric.name\":\"container_cpu_usage_seconds_total\"}},"
          + "{\"exists\":{\"field\":\"kubernetes.container.name\"}}]}}}").body()),
          b -> b.path("hits").path("total").path("value").asInt() > 0).path("hits").path("hits").get(0).path("_source");
      assertEquals("seconds", cpu.at("/metric/unit").asText());
      assertTrue(cpu.at("/metric/value").asDouble() > 0, cpu.toString());
      assertFalse(cpu.at("/kubernetes/container/name").asText().isEmpty(), cpu.toString());
      assertEquals(Demo.NODE_NAME, cpu.at("/kubernetes/node/name").asText());
      assertTrue(demo.linesWritten() > 0);
      assertTrue(Http.get(demo.url()).body().contains("Trawl"));
    }
    assertTrue(Files.exists(work), "a directory the user named is kept");
  }
}
