package dev.trawl.indexer.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.KeywordField;
import org.apache.lucene.index.IndexableField;
import org.apache.lucene.util.BytesRef;
import org.junit.jupiter.api.Test;

/** Sources cut into skeletons come back byte for byte; values spelled any other way stay in the text. */
class SourceSkeletonTest {
  private final Mapping mapping = new Mapping(1000);

  /** The stored bytes of a mapped document: {skeleton or null, its texts or null, source or null}. */
  private record Stored(Document doc, byte[] skeleton, byte[] texts, byte[] source) {}

  private Stored store(String json) {
    Document doc = DocumentMapper.build(DocumentMapper.parse("id", json.getBytes(StandardCharsets.UTF_8), 0), mapping).document();
    return new Stored(doc, bytes(doc, SourceSkeleton.FIELD), bytes(doc, SourceSkeleton.TEXTS), bytes(doc, DocumentMapper.SOURCE));
  }

  private static byte[] bytes(Document doc, String field) {
    BytesRef bytes = doc.getBinaryValue(field);
    return bytes == null ? null : BytesRef.deepCopyOf(bytes).bytes;
  }

  /** The values a document's doc values would hold (a double's as sortable bits), from the fields the mapper made. */
  private static SourceSkeleton.Filler filler(Document doc) {
    return filler(new Document[] {doc});
  }

  /** A filler over whichever document {@code current} holds at the time. */
  private static SourceSkeleton.Filler filler(Document[] current) {
    return new SourceSkeleton.Filler(field -> new SourceSkeleton.FieldValues() {
      @Override
      public long number(int docId) {
        for (IndexableField f : current[0].getFields(field)) {
          if (f.numericValue() != null) {
            return f.numericValue().longValue();
          }
        }
        throw new AssertionError("no numeric doc value for " + field);
      }

      @Override
      public BytesRef keyword(int docId) {
        for (IndexableField f : current[0].getFields(field)) {
          if (f instanceof KeywordField) {
            return f.binaryValue();
          }
        }
        throw new AssertionError("no keyword doc value for " + field);
      }
    });
  }

  private String roundTrip(String json) throws IOException {
    Stored stored = store(json);
    if (stored.skeleton() == null) {
      return new String(stored.source(), StandardCharsets.UTF_8);
    }
    assertNull(stored.source(), "a document stores a skeleton or a source, not both");
    return new String(filler(stored.doc()).fill(stored.skeleton(), stored.texts(), 0), StandardCharsets.UTF_8);
  }

  @Test
  void timesNumbersAndKeywordsAreCutAndFilledBackExactly() throws IOException {
    String json = "{\"@timestamp\":\"2026-11-23T08:01:20.123456789Z\",\"message\":\"GET /x 200\",\"log\":{\"offset\":1234567,"
        + "\"level\":\"info\"},\"json\":{\"ratio\":0.25,\"delta\":-17,\"big\":9223372036854775807}}";
    Stored stored = store(json);
    assertNotNull(stored.skeleton());
    String skeleton = new String(stored.skeleton(), StandardCharsets.UTF_8);
    assertEquals(7, stored.skeleton()[0], "cuts");
    assertTrue(skeleton.endsWith("{\"@timestamp\":,\"message\":,\"log\":{\"offset\":,\"level\":},"
        + "\"json\":{\"ratio\":,\"delta\":,\"big\":}}"), skeleton);
    assertEquals("\nGET /x 200", new String(stored.texts(), StandardCharsets.UTF_8), "the text's length and bytes");
    for (String field : new String[] {"@timestamp", "message", "log.offset", "log.level", "json.ratio", "json.delta", "json.big"}) {
      assertTrue(skeleton.contains(field), field);
    }
    assertEquals(json, roundTrip(json));
  }

  @Test
  void everyFractionLengthOfAUtcTimeComesBack() throws IOException {
    for (String time : new String[] {"2026-11-23T08:01:20Z", "2026-11-23T08:01:20.1Z", "2026-11-23T08:01:20.120Z",
        "2026-11-23T08:01:20.000000Z", "1970-01-01T00:00:00.000000001Z", "1969-12-31T23:59:59.999999999Z",
        "2261-12-31T23:59:59.5Z"}) {
      String json = "{\"@timestamp\":\"" + time + "\",\"message\":\"m\"}";
      assertNotNull(store(json).skeleton(), time);
      assertEquals(json, roundTrip(json), time);
    }
  }

  @Test
  void aTextIsCutAsItWasSentAndTheSkeletonsOfOneShapeAreAlike() throws IOException {
    String[] messages = {"", "plain", "quote \\\" and backslash \\\\", "caf\\u00e9 \\n über 日本", "x".repeat(70_000)};
    byte[] first = null;
    for (String message : messages) {
      String json = "{\"@timestamp\":\"2026-11-23T08:01:20.5Z\",\"message\":\"" + message + "\",\"n\":1}";
      Stored stored = store(json);
      assertNotNull(stored.texts(), json);
      assertEquals(json, roundTrip(json));
      first = first == null ? stored.skeleton() : first;
      assertArrayEquals(first, stored.skeleton(), "one shape, one skeleton: " + message);
    }
    for (String json : new String[] {"{\"message\":[\"a\",\"b\"]}", "{\"message\":\"a\",\"message\":\"b\"}", "{\"message\":7}"}) {
      Stored stored = store(json);
      assertNull(stored.texts(), json);
      assertEquals(json, stored.skeleton() == null ? new String(stored.source(), StandardCharsets.UTF_8) : roundTrip(json));
    }
  }

  @Test
  void otherSpellingsArraysAndRepeatedFieldsStayInTheText() throws IOException {
    mapping.resolve("n", FieldKind.LONG);
    mapping.resolve("d", FieldKind.DOUBLE);
    mapping.resolve("s", FieldKind.KEYWORD);
    for (String json : new String[] {
        "{\"@timestamp\":\"2026-11-23T09:01:20+01:00\"}",
        "{\"@timestamp\":1795435200123}",
        "{\"@timestamp\":[\"2026-11-23T08:01:20Z\"]}",
        "{\"d\":1.50}", "{\"d\":1e3}", "{\"d\":1}", "{\"n\":\"42\"}", "{\"n\":-0}", "{\"n\":[1,2]}", "{\"n\":[7]}",
        "{\"a.b\":1,\"a\":{\"b\":2}}", "{\"n\":1.5}", "{\"n\":\"x\"}",
        "{\"s\":\"a\\\"b\"}", "{\"s\":\"caf\\u00e9\"}", "{\"s\":\"tab\\there\"}", "{\"s\":[\"x\"]}", "{\"s\":true}",
        "{\"s\":\"" + "x".repeat(DocumentMapper.MAX_KEYWORD_BYTES + 1) + "\"}"}) {
      Stored stored = store(json);
      assertNull(stored.skeleton(), json);
      assertEquals(json, new String(stored.source(), StandardCharsets.UTF_8));
    }
  }

  @Test
  void aFieldSentTwiceStaysInTheTextInSmallAndLargeDocuments() throws IOException {
    for (int others : new int[] {3, 40}) {
      StringBuilder json = new StringBuilder("{");
      for (int i = 0; i < others; i++) {
        json.append("\"f").append(i).append("\":\"v").append(i).append("\",");
      }
      json.append("\"a.b\":1,\"a\":{\"b\":2}}");
      assertEquals(json.toString(), roundTrip(json.toString()), others + " other fields");
      assertNotNull(store(json.toString()).skeleton(), "the other fields are cut");
    }
  }

  @Test
  void keysWithEscapesDotsAndSpacingAreWalkedRight() throws IOException {
    for (String json : new String[] {
        "{\"k\\\"ey\":{\"n\":7},\"m\":\"a\\\\\",\"after\":8}",
        "{\"caf\\u00e9\":{\"n\":9},\"café2\":10}",
        "{\"app.kubernetes.io/version\":3,\"labels\":{\"x.y\":{\"z\":4}}}",
        "{\"long\":\"" + "y".repeat(DocumentMapper.MAX_KEYWORD_BYTES) + "\",\"after\":{\"k\":\"" + "z".repeat(700) + "\"},\"n\":1}",
        "{\"min\":-9223372036854775808,\"zero\":0,\"neg\":-5,\"ten\":10}",
        "{\"empty\":\"\",\"word\":\"über 日本\",\"ns\":{\"pod\":\"a-0\"}}",
        " {\n  \"@timestamp\" : \"2026-11-23T08:01:20.5Z\" ,\n  \"arr\" : [ {\"n\": 1}, [2, {\"s\": \"}]\"}] ],\n  \"n\" : 5 ,"
            + " \"o\" : { } , \"t\" : true , \"z\" : null , \"q\" : \"{\\\"n\\\":1}\" } \n"}) {
      assertNotNull(store(json).skeleton(), json);
      assertEquals(json, roundTrip(json));
    }
  }

  @Test
  void randomDocumentsComeBackByteForByteThroughOneFiller() throws IOException {
    Random random = new Random(11);
    // one filler for all, as for a segment: placeholders of the same number name other fields from one document to the next
    Document[] current = new Document[1];
    SourceSkeleton.Filler filler = filler(current);
    for (int i = 0; i < 2000; i++) {
      StringBuilder json = new StringBuilder("{");
      long seconds = random.nextLong(-9_000_000_000L, 9_000_000_000L);
      int digits = random.nextInt(10);
      String fraction = digits == 0 ? "" : "." + String.format("%09d", random.nextInt(1_000_000_000)).substring(0, digits);
      json.append("\"@timestamp\":\"").append(java.time.Instant.ofEpochSecond(seconds).toString().replace("Z", fraction + "Z"))
          .append('"');
      if (random.nextBoolean()) {
        json.append(",\"message\":\"").append(random.nextInt(1000)).append(random.nextBoolean() ? " \\\"q\\\" \\u00e9" : " é").append('"');
      }
      for (int f = 0; f < random.nextInt(8); f++) {
        boolean nested = random.nextBoolean();
        json.append(",\"f").append(random.nextInt(5)).append(nested ? "\":{\"v\":" : "\":");
        json.append(switch (random.nextInt(4)) {
          case 0 -> Long.toString(random.nextLong());
          case 1 -> Double.toString(random.nextGaussian() * Math.pow(10, random.nextInt(-12, 12)));
          case 2 -> "\"s" + random.nextInt(100) + "\"";
          default -> "[" + random.nextInt(9) + "]";
        });
        if (nested) {
          json.append('}');
        }
      }
      String doc = json.append('}').toString();
      Stored stored = store(doc);
      current[0] = stored.doc();
      byte[] back = stored.skeleton() == null ? stored.source() : filler.fill(stored.skeleton(), stored.texts(), i);
      assertArrayEquals(doc.getBytes(StandardCharsets.UTF_8), back, doc);
      assertNotNull(stored.skeleton(), "a plain UTC time is always cut: " + doc);
    }
  }
}
