package dev.trawl.collector.record;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trawl.collector.kube.PodPath;
import dev.trawl.testing.Mutations;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The hand-written JSON body reader against Jackson as the reference: over mutated log bodies it
 * must take exactly the bodies Jackson reads as one object, and the document must carry what a
 * Jackson tree of the body says (message, level, ids, the other members under {@code json}).
 */
class JsonBodyTest {
  private static final ObjectMapper REFERENCE = JsonMapper.builder()
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> BODIES = List.of(
      "{\"level\":\"info\",\"msg\":\"handled request\",\"trace_id\":\"4bf92f3577b34da6\",\"duration_ms\":12,\"path\":\"/api/items/7\"}",
      "{\"severity\":\"ERROR\",\"message\":\"db \\\"down\\\" \\u00e9\\n\",\"spanId\":\"00f067aa0ba902b7\",\"attempt\":3.5e2,\"ok\":false,\"tags\":[\"a\",{\"b\":null}],\"nested\":{\"deep\":[1,[2,[3]]]}}",
      "{\"level\":30,\"time\":1732363200000,\"pid\":1,\"hostname\":\"web-1\",\"msg\":\"listening\",\"v\":1}",
      "{ \"lvl\" : \"warn\" , \"log\" : -0.0 , \"x\" : true , \"y\" : null }",
      "{}",
      "{\"m\\u0073g\":\"escaped key\",\"level\":\"debug\"}");
  private static final List<String> NASTY = List.of("\\", "\"", "\\u", "\\u12", "{", "}", "[", "]", ",", ":", "-", "0", "01",
      "1e", ".5", "tru", "nul", "\u0001", " ", "\t", "1.", "\\x", "},{", "\"\":");

  private static boolean jacksonReadsOneObject(byte[] body) {
    try {
      JsonNode tree = REFERENCE.readTree(body);
      return tree != null && tree.isObject() && depth(tree) <= 64;
    } catch (Exception e) {
      return false;
    }
  }

  private static int depth(JsonNode node) {
    int max = 0;
    for (JsonNode child : node) {
      max = Math.max(max, depth(child));
    }
    return node.isContainerNode() ? max + 1 : 0;
  }

  @Test
  void stringTokensAreJudgedAsJacksonJudgesThemWhereverTheirSpecialBytesFall() {
    // pieces that put quotes, escapes, control characters and multi-byte text at every offset of
    // the eight-byte words the token scan reads
    String[] pieces = {"a", "bcdefgh", "\\\"", "\\\\", "\\u00e9", "\\u00", "\"", "\\", "\u0001", "\\q", "é", "\t"};
    SplittableRandom random = new SplittableRandom(31);
    JsonBody reader = new JsonBody();
    for (int round = 0; round < 20_000; round++) {
      StringBuilder token = new StringBuilder();
      for (int n = random.nextInt(12); n > 0; n--) {
        token.append(pieces[random.nextInt(pieces.length)]);
      }
      byte[] body = ("{\"k\":\"" + token + "\",\"n\":1}").getBytes(StandardCharsets.UTF_8);
      assertEquals(jacksonReadsOneObject(body), reader.read(body, 0, body.length), new String(body, StandardCharsets.UTF_8));
    }
  }

  @Test
  void takesExactlyTheBodiesJacksonReadsAsOneObject() {
    SplittableRandom random = new SplittableRandom(23);
    JsonBody reader = new JsonBody();
    int taken = 0;
    for (int round = 0; round < 30_000; round++) {
      byte[] body = Mutations.mutate(BODIES.get(random.nextInt(BODIES.size())).getBytes(StandardCharsets.UTF_8), random, NASTY, 0);
      if (!Utf8.isValid(body, 0, body.length)) {
        continue;
      }
      boolean expected = jacksonReadsOneObject(body);
      assertEquals(expected, reader.read(body, 0, body.length), () -> new String(body, StandardCharsets.UTF_8));
      taken += expected ? 1 : 0;
    }
    assertEquals(true, taken > 1000, "enough mutated bodies stay valid JSON to compare the documents too: " + taken);
  }

  @Test
  void documentsCarryWhatTheBodySays() throws Exception {
    byte[] tail = LogDocument.tail("/p/0.log", KubernetesFields.render(new PodPath("shop", "cart-1", "uid-1", "cart"), null, Map.of(), "node-1"));
    LogDocument doc = new LogDocument();
    byte[] ts = "2026-11-23T12:00:00Z".getBytes(StandardCharsets.US_ASCII);
    for (String text : BODIES) {
      byte[] body = text.getBytes(StandardCharsets.UTF_8);
      doc.write(ts, 0, ts.length, body, 0, body.length, "stdout", BodyParser.JSON, 0);
      JsonNode written = JSON.readTree(Rendered.json(doc, 0, tail));
      ObjectNode source = (ObjectNode) JSON.readTree(body);
      String messageKey = firstScalar(source, StructuredBody.MESSAGE_KEYS);
      String levelKey = firstScalar(source, StructuredBody.LEVEL_KEYS);
      String traceKey = firstScalar(source, StructuredBody.TRACE_KEYS);
      assertEquals(messageKey == null ? text : source.get(messageKey).asText(), written.path("message").asText(), text);
      assertEquals(traceKey == null ? "" : source.get(traceKey).asText(), written.path("trace").path("id").asText(), text);
      ObjectNode rest = source.deepCopy();
      rest.remove(List.of(String.valueOf(messageKey), String.valueOf(levelKey)));
      if (traceKey != null) {
        rest.remove(StructuredBody.TRACE_KEYS);
      }
      if (firstScalar(source, StructuredBody.SPAN_KEYS) != null) {
        rest.remove(StructuredBody.SPAN_KEYS);
      }
      assertEquals(rest.isEmpty() ? JSON.missingNode() : rest, written.path("json"), text);
      assertEquals(levelKey == null ? "" : expectedLevel(source.get(levelKey)), written.path("log").path("level").asText(), text);
    }
  }

  private static String firstScalar(ObjectNode node, java.util.Set<String> keys) {
    for (var it = node.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      JsonNode v = node.get(key);
      if (keys.contains(key) && v.isValueNode() && !v.isNull()) {
        return key;
      }
    }
    return null;
  }

  private static String expectedLevel(JsonNode value) {
    if (value.isIntegralNumber()) {
      int n = value.asInt();
      return n >= 60 ? "fatal" : n >= 50 ? "error" : n >= 40 ? "warn" : n >= 30 ? "info" : n >= 20 ? "debug" : "trace";
    }
    return StructuredBody.levelOf(value.asText());
  }
}
