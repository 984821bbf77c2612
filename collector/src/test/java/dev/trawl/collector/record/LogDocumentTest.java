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

  private static JsonNode render(LogDocument doc, byte[] body, int flags, BodyParser parser,
      com.fasterxml.jackson.core.SerializableString metadata) throws Exception {
    byte[] ts = "2026-11-23T12:00:00.123456789Z".getBytes(StandardCharsets.US_ASCII);
    doc.write(ts, 0, ts.length, body, 0, body.length, "stderr", parser, flags);
    return JSON.readTree(Rendered.json(doc, 4096, LogDocument.tail("/var/log/pods/x/cart/0.log", metadata)));
  }

  private static JsonNode render(LogDocument doc, String body, int flags, BodyParser parser,
      com.fasterxml.jackson.core.SerializableString metadata) throws Exception {
    return render(doc, body.getBytes(StandardCharsets.UTF_8), flags, parser, metadata);
  }

  @Test
  void writesTheEcsRecordWithPodMetadata() throws Exception {
    PodMetadata meta = new PodMetadata("uid-1", "shop", "cart-7d4b9c8f5-x2x9z", "10.0.0.7",
        Map.of("app", "cart", "app.kubernetes.io/name", "cart"), Map.of(), Map.of("deployment", "cart"),
        Map.of("cart", new PodMetadata.ContainerInfo("abc123", "ghcr.io/demo/cart:1.0", "containerd")), false, null, null);
    var fields = KubernetesFields.render(PATH, meta, Map.of("team", "commerce"), "node-1");
    JsonNode doc = render(new LogDocument(), "ERROR \"quoted\" \\ tab\t", LogDocument.PARTIAL, BodyParser.AUTO, fields);
    assertEquals("2026-11-23T12:00:00.123456789Z", doc.path("@timestamp").asText());
    assertEquals("ERROR \"quoted\" \\ tab\t", doc.path("message").asText());
    assertEquals("stderr", doc.path("stream").asText());
    assertEquals("error", doc.path("log").path("level").asText());
    assertEquals(4096, doc.path("log").path("offset").asLong());
    assertEquals("partial", doc.path("log").path("flags").get(0).asText());
    assertEquals("/var/log/pods/x/cart/0.log", doc.path("log").path("file").path("path").asText());
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
  void theFilePathIsInTheTailNotInEachLine() throws Exception {
    LogDocument writer = new LogDocument();
    JsonNode doc = render(writer, "hello", 0, BodyParser.AUTO, NO_API);
    assertEquals("/var/log/pods/x/cart/0.log", doc.path("log").path("file").path("path").asText());
    String own = new String(writer.bytes(), 0, writer.length(), StandardCharsets.UTF_8);
    assertFalse(own.contains("/var/log/pods"), own);
  }

  @Test
  void withoutTheApiThePathStillNamesThePod() throws Exception {
    JsonNode doc = render(new LogDocument(), "hello", 0, BodyParser.AUTO, KubernetesFields.render(PATH, null, Map.of(), "node-1"));
    assertEquals("cart-7d4b9c8f5-x2x9z", doc.path("kubernetes").path("pod").path("name").asText());
    assertEquals("uid-1", doc.path("kubernetes").path("pod").path("uid").asText());
    assertFalse(doc.path("log").has("level"));
    assertFalse(doc.path("log").has("flags"));
    assertFalse(doc.has("container"));
  }

  @Test
  void invalidUtf8IsEscapedAndFlaggedMalformed() throws Exception {
    LogDocument writer = new LogDocument();
    JsonNode doc = render(writer, "bad \u00ff byte".getBytes(StandardCharsets.ISO_8859_1), LogDocument.TRUNCATED, BodyParser.AUTO, NO_API);
    assertEquals("bad \\xFF byte", doc.path("message").asText());
    assertEquals("truncated", doc.path("log").path("flags").get(0).asText());
    assertEquals("malformed", doc.path("log").path("flags").get(1).asText());
    JsonNode next = render(writer, "clean", 0, BodyParser.AUTO, NO_API);
    assertEquals("clean", next.path("message").asText(), "the writer is reused line after line");
  }

  record Row(String body, String level, String message, String trace, String span, String json) {}

  private static void assertFields(LogDocument writer, BodyParser parser, List<Row> rows) throws Exception {
    for (Row row : rows) {
      JsonNode doc = render(writer, row.body(), 0, parser, NO_API);
      String shown = parser + ": " + row.body();
      assertEquals(row.level(), doc.path("log").path("level").isMissingNode() ? null : doc.path("log").path("level").asText(), shown);
      assertEquals(row.message(), doc.path("message").asText(), shown);
      assertEquals(row.trace(), doc.path("trace").path("id").isMissingNode() ? null : doc.path("trace").path("id").asText(), shown);
      assertEquals(row.span(), doc.path("span").path("id").isMissingNode() ? null : doc.path("span").path("id").asText(), shown);
      assertEquals(row.json(), doc.has("json") ? doc.get("json").toString() : null, shown);
    }
  }

  @Test
  void jsonBodiesFillLevelMessageTraceAndJsonFields() throws Exception {
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
    assertFields(writer, BodyParser.AUTO, rows);
    assertFields(writer, BodyParser.JSON, rows);
    JsonNode plain = render(writer, rows.get(0).body(), 0, BodyParser.NONE, NO_API);
    assertEquals(rows.get(0).body(), plain.path("message").asText(), "trawl.dev/parser: none keeps the body as it is");
    assertFalse(plain.has("json"));
  }

  @Test
  void logfmtBodiesFillLevelMessageTraceAndJsonFields() throws Exception {
    String goKit = "level=error ts=2026-11-23T12:00:00Z caller=cart.go:88 msg=\"payment \\\"declined\\\"\\n\" trace_id=4bf92f span_id=00f067 order=42";
    String slog = "time=2026-11-23T12:00:00.000Z level=WARN msg=\"queue slow\" depth=1200 empty=";
    List<Row> both = List.of(
        new Row(goKit, "error", "payment \"declined\"\n", "4bf92f", "00f067",
            "{\"ts\":\"2026-11-23T12:00:00Z\",\"caller\":\"cart.go:88\",\"order\":\"42\"}"),
        new Row(slog, "warn", "queue slow", null, null, "{\"time\":\"2026-11-23T12:00:00.000Z\",\"depth\":\"1200\",\"empty\":\"\"}"),
        new Row("lvl=info a=1 b=\"x y\"", "info", "lvl=info a=1 b=\"x y\"", null, null, "{\"a\":\"1\",\"b\":\"x y\"}"),
        new Row("msg=\"unterminated quote level=info", null, "msg=\"unterminated quote level=info", null, null, null),
        new Row("a==b c=d", null, "a==b c=d", null, null, null));
    LogDocument writer = new LogDocument();
    assertFields(writer, BodyParser.AUTO, both);
    assertFields(writer, BodyParser.LOGFMT, both);
    assertFields(writer, BodyParser.AUTO, List.of(
        new Row("INFO user=bob logged in from host=a", "info", "INFO user=bob logged in from host=a", null, null, null),
        new Row("only=one", null, "only=one", null, null, null)));
    assertFields(writer, BodyParser.LOGFMT, List.of(
        new Row("INFO user=bob", null, "INFO user=bob", null, null, "{\"INFO\":\"\",\"user\":\"bob\"}"),
        new Row("only=one", null, "only=one", null, null, "{\"only\":\"one\"}")));
    assertFields(writer, BodyParser.JSON, List.of(new Row(slog, null, slog, null, null, null)));
    assertFields(writer, BodyParser.NONE, List.of(new Row(slog, null, slog, null, null, null)));
  }

  @Test
  void parserAnnotationValues() {
    assertEquals(BodyParser.AUTO, BodyParser.of(null));
    assertEquals(BodyParser.LOGFMT, BodyParser.of(" LogFmt "));
    assertEquals(BodyParser.NONE, BodyParser.of("none"));
    IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> BodyParser.of("yaml"));
    assertEquals("parser 'yaml' is none of auto, json, logfmt, none", e.getMessage());
  }
}
