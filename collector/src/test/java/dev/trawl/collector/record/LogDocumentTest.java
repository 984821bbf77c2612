package dev.trawl.collector.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trawl.collector.kube.PodMetadata;
import dev.trawl.collector.kube.PodPath;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LogDocumentTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final PodPath PATH = new PodPath("shop", "cart-7d4b9c8f5-x2x9z", "uid-1", "cart");

  private static final com.fasterxml.jackson.core.SerializableString NO_API = KubernetesFields.render(PATH, null, Map.of(), "n");

  private static JsonNode render(LogDocument doc, byte[] body, int flags, boolean parseJson,
      com.fasterxml.jackson.core.SerializableString metadata) throws Exception {
    byte[] ts = "2026-11-23T12:00:00.123456789Z".getBytes(StandardCharsets.US_ASCII);
    doc.write(ts, 0, ts.length, body, 0, body.length, "stderr", parseJson, "/var/log/pods/x/cart/0.log", 4096, flags, metadata);
    return JSON.readTree(new String(doc.bytes(), 0, doc.length(), StandardCharsets.UTF_8));
  }

  private static JsonNode render(LogDocument doc, String body, int flags, boolean parseJson,
      com.fasterxml.jackson.core.SerializableString metadata) throws Exception {
    return render(doc, body.getBytes(StandardCharsets.UTF_8), flags, parseJson, metadata);
  }

  @Test
  void writesTheEcsRecordWithPodMetadata() throws Exception {
    PodMetadata meta = new PodMetadata("uid-1", "shop", "cart-7d4b9c8f5-x2x9z", "10.0.0.7",
        Map.of("app", "cart", "app.kubernetes.io/name", "cart"), Map.of(), Map.of("deployment", "cart"),
        Map.of("cart", new PodMetadata.ContainerInfo("abc123", "ghcr.io/demo/cart:1.0", "containerd")), false, null, null);
    var fields = KubernetesFields.render(PATH, meta, Map.of("team", "commerce"), "node-1");
    JsonNode doc = render(new LogDocument(), "ERROR \"quoted\" \\ tab\t", LogDocument.PARTIAL, true, fields);
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
    JsonNode doc = render(new LogDocument(), "hello", 0, true, KubernetesFields.render(PATH, null, Map.of(), "node-1"));
    assertEquals("cart-7d4b9c8f5-x2x9z", doc.path("kubernetes").path("pod").path("name").asText());
    assertEquals("uid-1", doc.path("kubernetes").path("pod").path("uid").asText());
    assertFalse(doc.path("log").has("level"));
    assertFalse(doc.path("log").has("flags"));
    assertFalse(doc.has("container"));
  }

  @Test
  void invalidUtf8IsEscapedAndFlaggedMalformed() throws Exception {
    LogDocument writer = new LogDocument();
    JsonNode doc = render(writer, "bad \u00ff byte".getBytes(StandardCharsets.ISO_8859_1), LogDocument.TRUNCATED, true, NO_API);
    assertEquals("bad \\xFF byte", doc.path("message").asText());
    assertEquals("truncated", doc.path("log").path("flags").get(0).asText());
    assertEquals("malformed", doc.path("log").path("flags").get(1).asText());
    JsonNode next = render(writer, "clean", 0, true, NO_API);
    assertEquals("clean", next.path("message").asText(), "the writer is reused line after line");
  }

  @Test
  void jsonBodiesFillLevelMessageTraceAndJsonFields() throws Exception {
    record Row(String body, String level, String message, String trace, String span, String json) {}
    List<Row> rows = List.of(
        new Row("{\"level\":\"ERROR\",\"msg\":\"payment failed\",\"trace_id\":\"abc\",\"span_id\":\"def\",\"order\":42,\"user\":{\"id\":\"u1\"}}",
            "error", "payment failed", "abc", "def", "{\"order\":42,\"user\":{\"id\":\"u1\"}}"),
        new Row("{\"severity\":\"Warning\",\"message\":\"slow\",\"traceId\":\"t\"}", "warn", "slow", "t", null, null),
        new Row("{\"level\":50,\"msg\":\"pino error\",\"pid\":1}", "error", "pino error", null, null, "{\"pid\":1}"),
        new Row("  {\"log\":\"from log key\"}  ", null, "from log key", null, null, null),
        new Row("{\"only\":\"fields\"}", null, "{\"only\":\"fields\"}", null, null, "{\"only\":\"fields\"}"),
        new Row("{\"msg\":\"broken\"", null, "{\"msg\":\"broken\"", null, null, null),
        new Row("{\"a\":1} {\"b\":2}", null, "{\"a\":1} {\"b\":2}", null, null, null),
        new Row("[1,2,3]", null, "[1,2,3]", null, null, null),
        new Row("WARN plain text {with braces}", "warn", "WARN plain text {with braces}", null, null, null));
    LogDocument writer = new LogDocument();
    for (Row row : rows) {
      JsonNode doc = render(writer, row.body(), 0, true, NO_API);
      assertEquals(row.level(), doc.path("log").path("level").isMissingNode() ? null : doc.path("log").path("level").asText(), row.body());
      assertEquals(row.message(), doc.path("message").asText(), row.body());
      assertEquals(row.trace(), doc.path("trace").path("id").isMissingNode() ? null : doc.path("trace").path("id").asText(), row.body());
      assertEquals(row.span(), doc.path("span").path("id").isMissingNode() ? null : doc.path("span").path("id").asText(), row.body());
      assertEquals(row.json(), doc.has("json") ? doc.get("json").toString() : null, row.body());
    }
    JsonNode plain = render(writer, rows.get(0).body(), 0, false, NO_API);
    assertEquals(rows.get(0).body(), plain.path("message").asText(), "trawl.dev/parser: none keeps the body as it is");
    assertFalse(plain.has("json"));
  }
}
