package dev.trawl.collector.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trawl.collector.kube.PodMetadata;
import dev.trawl.collector.kube.PodPath;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LogDocumentTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final PodPath PATH = new PodPath("shop", "cart-7d4b9c8f5-x2x9z", "uid-1", "cart");

  private static JsonNode render(LogDocument doc, String body, int flags, String level,
      com.fasterxml.jackson.core.SerializableString metadata) throws Exception {
    byte[] ts = "2026-11-23T12:00:00.123456789Z".getBytes(StandardCharsets.US_ASCII);
    byte[] b = body.getBytes(StandardCharsets.ISO_8859_1);
    doc.write(ts, 0, ts.length, b, 0, b.length, "stderr", level, "/var/log/pods/x/cart/0.log", 4096, flags, metadata);
    return JSON.readTree(new String(doc.bytes(), 0, doc.length(), StandardCharsets.UTF_8));
  }

  @Test
  void writesTheEcsRecordWithPodMetadata() throws Exception {
    PodMetadata meta = new PodMetadata("uid-1", "shop", "cart-7d4b9c8f5-x2x9z", "10.0.0.7",
        Map.of("app", "cart", "app.kubernetes.io/name", "cart"), Map.of(), Map.of("deployment", "cart"),
        Map.of("cart", new PodMetadata.ContainerInfo("abc123", "ghcr.io/demo/cart:1.0", "containerd")), false);
    var fields = KubernetesFields.render(PATH, meta, Map.of("team", "commerce"), "node-1");
    JsonNode doc = render(new LogDocument(), "ERROR \"quoted\" \\ tab\t", LogDocument.PARTIAL, "error", fields);
    assertEquals("2026-11-23T12:00:00.123456789Z", doc.path("@timestamp").asText());
    assertEquals("ERROR \"quoted\" \\ tab\t", doc.path("message").asText());
    assertEquals("stderr", doc.path("stream").asText());
    assertEquals("error", doc.path("log").path("level").asText());
    assertEquals(4096, doc.path("log").path("offset").asLong());
    assertEquals("partial", doc.path("log").path("flags").get(0).asText());
    JsonNode k8s = doc.path("kubernetes");
    assertEquals("shop", k8s.path("namespace").asText());
    assertEquals("cart-7d4b9c8f5-x2x9z", k8s.path("pod").path("name").asText());
    assertEquals("10.0.0.7", k8s.path("pod").path("ip").asText());
    assertEquals("cart", k8s.path("container").path("name").asText());
    assertEquals("node-1", k8s.path("node").path("name").asText());
    assertEquals("cart", k8s.path("labels").path("app.kubernetes.io/name").asText());
    assertEquals("cart", k8s.path("deployment").path("name").asText());
    assertEquals("commerce", k8s.path("namespace_labels").path("team").asText());
    assertEquals("abc123", doc.path("container").path("id").asText());
    assertEquals("ghcr.io/demo/cart:1.0", doc.path("container").path("image").path("name").asText());
  }

  @Test
  void withoutTheApiThePathStillNamesThePod() throws Exception {
    JsonNode doc = render(new LogDocument(), "hello", 0, null, KubernetesFields.render(PATH, null, Map.of(), "node-1"));
    assertEquals("cart-7d4b9c8f5-x2x9z", doc.path("kubernetes").path("pod").path("name").asText());
    assertEquals("uid-1", doc.path("kubernetes").path("pod").path("uid").asText());
    assertFalse(doc.path("log").has("level"));
    assertFalse(doc.path("log").has("flags"));
    assertFalse(doc.has("container"));
  }

  @Test
  void invalidUtf8IsEscapedAndFlaggedMalformed() throws Exception {
    LogDocument writer = new LogDocument();
    JsonNode doc = render(writer, "bad \u00ff byte", LogDocument.TRUNCATED, null,
        KubernetesFields.render(PATH, null, Map.of(), "n"));
    assertEquals("bad \\xFF byte", doc.path("message").asText());
    assertEquals("truncated", doc.path("log").path("flags").get(0).asText());
    assertEquals("malformed", doc.path("log").path("flags").get(1).asText());
    JsonNode next = render(writer, "clean", 0, null, KubernetesFields.render(PATH, null, Map.of(), "n"));
    assertEquals("clean", next.path("message").asText(), "the writer is reused line after line");
  }
}
