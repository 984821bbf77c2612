package dev.trawl.collector.ship;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trawl.collector.queue.QueuedDocument;
import dev.trawl.collector.queue.Stream;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeadLettersTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long LIMIT = 16 * 1024;

  @TempDir Path dir;

  private static QueuedDocument doc(int n, String source) {
    return new QueuedDocument(n, 0, Stream.LOGS, "id-" + n, source.getBytes(StandardCharsets.UTF_8), source.length());
  }

  @Test
  void theFilesStayWithinTheLimitKeepingTheNewestLetters() throws Exception {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (DeadLetters letters = new DeadLetters(dir, LIMIT, registry)) {
      for (int n = 0; n < 200; n++) {
        letters.write(doc(n, "{\"message\":\"line " + n + " \\u0000 \\\"quoted\\\"\",\"json\":{\"n\":\"" + n + "\"}}"), 400,
            "mapper_parsing_exception: failed to parse field [json.n] of type [long]");
        assertTrue(letters.bytes() <= LIMIT, "after " + n + ": " + letters.bytes());
      }
      assertEquals(letters.bytes(), registry.get("trawl.shipper.dead.letter.bytes").gauge().value());
    }
    List<String> newest = Files.readAllLines(dir.resolve(DeadLetters.FILE));
    JsonNode last = JSON.readTree(newest.get(newest.size() - 1));
    assertEquals("id-199", last.path("_id").asText());
    assertEquals("logs", last.path("stream").asText());
    assertEquals(199, JSON.readTree(last.path("source").asText()).path("json").path("n").asInt(),
        "the source comes back as the document it was");
    List<String> older = Files.readAllLines(dir.resolve(DeadLetters.FILE + ".1"));
    int firstKept = JSON.readTree(older.get(0)).path("_id").asText().transform(id -> Integer.parseInt(id.substring(3)));
    assertTrue(firstKept > 0, "the oldest letters made room");
    assertEquals(199 - firstKept + 1, older.size() + newest.size(), "nothing lost between the two files");
  }

  @Test
  void aDocumentTooBigForTheFileIsCutAndMarked() throws Exception {
    try (DeadLetters letters = new DeadLetters(dir, LIMIT, new SimpleMeterRegistry())) {
      letters.write(doc(1, "{\"message\":\"" + "x".repeat(100_000) + "\"}"), 400, null);
    }
    JsonNode letter = JSON.readTree(Files.readAllLines(dir.resolve(DeadLetters.FILE)).get(0));
    assertTrue(letter.path("source_truncated").asBoolean());
    assertTrue(Files.size(dir.resolve(DeadLetters.FILE)) <= LIMIT / 2);
  }

  @Test
  void aLimitTooSmallForOneLetterIsRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new DeadLetters(dir, 100, new SimpleMeterRegistry()));
    assertTrue(e.getMessage().contains("100"), e.getMessage());
  }
}
