package dev.trawl.indexer.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.IndexableField;
import org.apache.lucene.util.BytesRef;
import org.junit.jupiter.api.Test;

class DocumentMapperTest {
  private static Document map(Mapping mapping, String json) {
    DocumentMapper.Parsed parsed = DocumentMapper.parse("id", json.getBytes(StandardCharsets.UTF_8), 0);
    return DocumentMapper.build(parsed, mapping).document();
  }

  private static List<String> ignored(Document doc) {
    return Arrays.stream(doc.getFields(DocumentMapper.IGNORED)).map(IndexableField::stringValue).toList();
  }

  @Test
  void fieldsKeepTheirFirstKindAndConflictsAreKeptInSourceButFlagged() {
    Mapping mapping = new Mapping(1000);
    map(mapping, "{\"json\":{\"status\":200,\"user\":\"u1\",\"ratio\":0.5},\"ok\":true}");
    assertEquals(FieldKind.LONG, mapping.kind("json.status"));
    assertEquals(FieldKind.KEYWORD, mapping.kind("json.user"));
    assertEquals(FieldKind.DOUBLE, mapping.kind("json.ratio"));
    assertEquals(FieldKind.KEYWORD, mapping.kind("ok"));
    Document conflict = map(mapping, "{\"json\":{\"status\":\"not a number\",\"user\":42,\"ratio\":\"0.75\"}}");
    assertEquals(List.of("json.status"), ignored(conflict), "strings that are numbers coerce; others are flagged");
    assertEquals(new String("{\"json\":{\"status\":\"not a number\",\"user\":42,\"ratio\":\"0.75\"}}"),
        conflict.getBinaryValue(DocumentMapper.SOURCE).utf8ToString(), "the source keeps everything");
  }

  @Test
  void keywordsAreTheirUtf8WhetherSentAsTheyAreOrEscaped() {
    Mapping mapping = new Mapping(1000);
    String longest = "k".repeat(DocumentMapper.MAX_KEYWORD_BYTES - 2) + "\u00e9";
    Document doc = map(mapping, "{\"a\":\"caf\u00e9 x\",\"b\":\"caf\\u00e9 x\",\"c\":\"\",\"g\":\"q\\\"uote\","
        + "\"d\":\"" + longest + "\",\"e\":\"" + longest + "k\",\"f\":\"" + longest.replace("\u00e9", "\\u00e9") + "k\"}");
    BytesRef cafe = new BytesRef("caf\u00e9 x");
    assertEquals(cafe, doc.getField("a").binaryValue(), "sent as UTF-8");
    assertEquals(cafe, doc.getField("b").binaryValue(), "sent escaped");
    assertEquals(new BytesRef(""), doc.getField("c").binaryValue());
    assertEquals(new BytesRef("q\"uote"), doc.getField("g").binaryValue());
    assertEquals(new BytesRef(longest), doc.getField("d").binaryValue(), "as long as a keyword may be");
    assertEquals(List.of("e", "f"), ignored(doc), "a byte longer, sent as it is or escaped");
  }

  @Test
  void fieldsPastTheCapAreKeptInSourceAndFlagged() {
    Mapping mapping = new Mapping(4);
    Document doc = map(mapping, "{\"a\":\"1\",\"b\":\"2\",\"c\":\"3\"}");
    assertEquals(List.of("c"), ignored(doc), "@timestamp and message count toward the four");
  }

  @Test
  void timestampsParseWithNanosecondsOrEpochMillis() {
    assertEquals(1_795_435_200_123_456_789L, DocumentMapper.parse("i",
        "{\"@timestamp\":\"2026-11-23T12:00:00.123456789Z\"}".getBytes(StandardCharsets.UTF_8), 0).timestampNanos());
    assertEquals(1_795_435_200_000_000_000L, DocumentMapper.parse("i",
        "{\"@timestamp\":1795435200000}".getBytes(StandardCharsets.UTF_8), 0).timestampNanos());
    assertEquals(77L, DocumentMapper.parse("i", "{\"message\":\"no time\"}".getBytes(StandardCharsets.UTF_8), 77)
        .timestampNanos(), "a document without @timestamp gets the arrival time");
  }

  @Test
  void rejectsWhatCannotBeStoredWithAClearReason() {
    record Bad(String json, String reason) {}
    for (Bad bad : List.of(
        new Bad("{\"_id\":\"x\"}", "metadata field"),
        new Bad("{\"_series\":\"x\"}", "metadata field"),
        new Bad("{\"@timestamp\":\"yesterday\"}", "failed to parse date field [yesterday]"),
        new Bad("{\"@timestamp\":[\"2026-11-23T12:00:00Z\",\"2026-11-23T12:00:01Z\"]}", "one value"),
        new Bad("[1]", "not a JSON object"),
        new Bad("{\"a\":" + "{\"b\":".repeat(30) + "1" + "}".repeat(31), "depth"))) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> DocumentMapper.parse("i", bad.json().getBytes(StandardCharsets.UTF_8), 0), bad.json());
      assertTrue(e.getMessage().contains(bad.reason()), bad.json() + " -> " + e.getMessage());
    }
  }
}
