package dev.trawl.collector.record;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trawl.collector.kube.PodPath;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class JsonKeysTest {
  private static final List<byte[]> TOKENS = List.of(JsonKeys.TIMESTAMP, JsonKeys.MESSAGE, JsonKeys.STDOUT,
      JsonKeys.STDERR, JsonKeys.LOG, JsonKeys.ENTRY_OFFSET, JsonKeys.FLAGS, JsonKeys.TRACE_ID, JsonKeys.SPAN_ID, JsonKeys.JSON);

  private static byte[] expand(byte[] compact) {
    return expand(compact, 0);
  }

  private static byte[] expand(byte[] compact, long offset) {
    byte[] json = new byte[JsonKeys.expandedLength(compact, 0, compact.length, offset)];
    assertEquals(json.length, JsonKeys.expand(compact, 0, compact.length, offset, json, 0));
    return json;
  }

  @Test
  void everyTokenIsOneControlByteThatIsNeitherTabNorNewline() {
    for (byte[] token : TOKENS) {
      assertEquals(1, token.length);
      assertFalse(token[0] >= 0x20 || token[0] < 1 || token[0] == '\t' || token[0] == '\n' || token[0] == '\r', "token " + token[0]);
    }
    for (String level : LogLevel.ecsNames()) {
      byte[] member = JsonKeys.levelMember(level);
      assertNotNull(member, level);
      assertEquals("\"level\":\"" + level + "\",", new String(expand(member), StandardCharsets.UTF_8));
    }
    assertEquals(null, JsonKeys.levelMember("verbose"), "a level of another name is written as it is");
  }

  @Test
  void textBetweenTokensIsKeptByteForByte() {
    SplittableRandom random = new SplittableRandom(7);
    String[] words = {"a", "é", "\u00ff\u4e2d", "\\u0001", "\"quoted\"", "12345678901234567890", " ", "😀"};
    for (int round = 0; round < 2_000; round++) {
      ByteArrayOutputStream compact = new ByteArrayOutputStream();
      ByteArrayOutputStream json = new ByteArrayOutputStream();
      for (int part = random.nextInt(12); part >= 0; part--) {
        if (random.nextBoolean()) {
          byte[] token = TOKENS.get(random.nextInt(TOKENS.size()));
          compact.writeBytes(token);
          json.writeBytes(expand(token));
        } else {
          byte[] text = words[random.nextInt(words.length)].getBytes(StandardCharsets.UTF_8);
          compact.writeBytes(text);
          json.writeBytes(text);
        }
      }
      assertArrayEquals(json.toByteArray(), expand(compact.toByteArray()), "round " + round);
    }
  }

  @Test
  void aControlByteThatIsNoTokenStandsForItself() {
    byte[] compact = {'a', 0x1d, 'b', '\n'};
    assertArrayEquals(compact, expand(compact));
  }

  @Test
  void theEntryOffsetTokenStandsForTheKeyAndTheDigitsOfTheOffsetItIsGiven() {
    byte[] compact = {'{', JsonKeys.ENTRY_OFFSET[0], ',', JsonKeys.ENTRY_OFFSET[0], '}'};
    for (long offset : new long[] {0, 7, 10, 99, 100, 4096, Integer.MAX_VALUE, Integer.MAX_VALUE + 1L, 1L << 40, Long.MAX_VALUE}) {
      assertEquals("{\"offset\":" + offset + ",\"offset\":" + offset + "}", new String(expand(compact, offset), StandardCharsets.UTF_8));
    }
    // a batch written before the entry offset holds the old token with its digits after it
    assertEquals("\"offset\":42", new String(expand(new byte[] {0x06, '4', '2'}, 7), StandardCharsets.UTF_8));
  }

  @Test
  void controlBytesInABodyNeverTurnIntoKeys() throws Exception {
    LogDocument doc = new LogDocument();
    byte[] ts = "2026-11-23T12:00:00Z".getBytes(StandardCharsets.US_ASCII);
    byte[] tail = LogDocument.tail("/p/0.log", KubernetesFields.render(new PodPath("shop", "cart-1", "uid-1", "cart"), null, Map.of(), "node-1"));
    ObjectMapper mapper = new ObjectMapper();
    // JSON whitespace inside a nested value is copied as it is: tab, newline and carriage return are no tokens
    byte[] nested = "{\"user\":{\"id\":\t\"u1\",\r\n\"n\":1},\"msg\":\"m\"}".getBytes(StandardCharsets.UTF_8);
    doc.write(ts, 0, ts.length, nested, 0, nested.length, "stdout", BodyParser.AUTO, 0);
    JsonNode written = mapper.readTree(Rendered.json(doc, 0, tail));
    assertEquals("u1", written.path("json").path("user").path("id").asText());
    assertEquals("m", written.path("message").asText());
    // any other control byte makes the body text, which is escaped
    byte[] raw = "{\"msg\":\"a\u0001b\u0007\"}".getBytes(StandardCharsets.UTF_8);
    doc.write(ts, 0, ts.length, raw, 0, raw.length, "stdout", BodyParser.AUTO, 0);
    assertEquals(new String(raw, StandardCharsets.UTF_8), mapper.readTree(Rendered.json(doc, 0, tail)).path("message").asText());
  }

  @Test
  void aWrittenDocumentExpandsToTheJsonItStandsFor() {
    LogDocument doc = new LogDocument();
    byte[] ts = "2026-11-23T12:00:00Z".getBytes(StandardCharsets.US_ASCII);
    byte[] body = "{\"level\":\"warn\",\"msg\":\"slow\",\"trace_id\":\"t\",\"span_id\":\"s\",\"n\":1}".getBytes(StandardCharsets.UTF_8);
    doc.write(ts, 0, ts.length, body, 0, body.length, "stderr", BodyParser.AUTO, LogDocument.PARTIAL);
    byte[] tail = LogDocument.tail("/p/0.log", KubernetesFields.render(new PodPath("shop", "cart-1", "uid-1", "cart"), null, Map.of(), "node-1"));
    String json = Rendered.json(doc, 42, tail);
    assertEquals("{\"@timestamp\":\"2026-11-23T12:00:00Z\",\"message\":\"slow\",\"stream\":\"stderr\",\"trace\":{\"id\":\"t\"},"
        + "\"span\":{\"id\":\"s\"},\"json\":{\"n\":1},\"log\":{\"level\":\"warn\",\"offset\":42,\"flags\":[\"partial\"]"
        + ",\"file\":{\"path\":\"/p/0.log\"}}", json.substring(0, json.indexOf(",\"kubernetes\"")));
    assertEquals(true, doc.length() < json.length() - tail.length - 60, "the repeated keys are one byte each");
  }
}
