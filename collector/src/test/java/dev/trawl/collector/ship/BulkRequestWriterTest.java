package dev.trawl.collector.ship;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trawl.collector.queue.QueuedDocument;
import dev.trawl.collector.queue.Stream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

class BulkRequestWriterTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<QueuedDocument> DOCS = List.of(
      new QueuedDocument(1, 0, Stream.LOGS, "id-one", "{\"message\":\"line with \\n escaped newline\"}".getBytes(StandardCharsets.UTF_8), 0),
      new QueuedDocument(2, 0, Stream.METRICS, "id-two", "{\"metric\":{\"name\":\"x\"}}".getBytes(StandardCharsets.UTF_8), 0));

  @Test
  void writesCreateActionsWithIndexAndIdThenTheDocument() throws IOException {
    String body = new String(new BulkRequestWriter("logs", "metrics").write(DOCS, false), StandardCharsets.UTF_8);
    String[] lines = body.split("\n", -1);
    assertEquals(5, lines.length, "four lines and the final newline");
    assertEquals("", lines[4]);
    JsonNode action = JSON.readTree(lines[0]);
    assertEquals("logs", action.path("create").path("_index").asText());
    assertEquals("id-one", action.path("create").path("_id").asText());
    assertEquals("line with \n escaped newline", JSON.readTree(lines[1]).path("message").asText());
    assertEquals("id-two", JSON.readTree(lines[2]).path("create").path("_id").asText());
    assertEquals("metrics", JSON.readTree(lines[2]).path("create").path("_index").asText(), "each document to its stream's index");
  }

  @Test
  void gzipBodyDecompressesToThePlainOne() throws IOException {
    BulkRequestWriter writer = new BulkRequestWriter("logs", "metrics");
    byte[] gz = writer.write(DOCS, true);
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
      assertArrayEquals(writer.write(DOCS, false), in.readAllBytes());
    }
  }

  @Test
  void rejectsIndexNamesElasticsearchWouldReject() {
    for (String bad : new String[] {"Logs", "", "a b", "logs\"", "_logs"}) {
      assertThrows(IllegalArgumentException.class, () -> new BulkRequestWriter(bad, "metrics"), bad);
    }
  }

  @Test
  void parsesItemResultsInOrder() throws IOException {
    String response = """
        {"took":3,"errors":true,"items":[
          {"create":{"_index":"logs","_id":"a","status":201}},
          {"create":{"_index":"logs","_id":"b","status":409,"error":{"type":"version_conflict_engine_exception","reason":"exists"}}},
          {"create":{"_index":"logs","_id":"c","status":400,"error":{"type":"mapper_parsing_exception","reason":"bad date"}}},
          {"create":{"_index":"logs","_id":"d","status":429,"error":{"type":"es_rejected_execution_exception","reason":"busy"}}},
          {"index":{"_index":"logs","_id":"e","status":503}}]}
        """;
    List<BulkItemResult> items = BulkResponseParser.parse(response.getBytes(StandardCharsets.UTF_8), 5);
    assertEquals(List.of(true, true, false, false, false), items.stream().map(BulkItemResult::delivered).toList());
    assertEquals(List.of(false, false, false, true, true), items.stream().map(BulkItemResult::retryable).toList());
    assertEquals("mapper_parsing_exception: bad date", items.get(2).error());
    assertThrows(IOException.class, () -> BulkResponseParser.parse(response.getBytes(StandardCharsets.UTF_8), 4));
    assertThrows(IOException.class, () -> BulkResponseParser.parse("{\"error\":\"x\"}".getBytes(StandardCharsets.UTF_8), 1));
  }
}
