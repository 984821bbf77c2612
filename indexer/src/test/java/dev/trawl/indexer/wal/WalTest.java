package dev.trawl.indexer.wal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WalTest {
  @TempDir Path dir;

  private static List<String> replay(Wal wal) throws Exception {
    List<String> out = new ArrayList<>();
    long count = wal.replay(e -> out.add(e.stream() + "/" + e.id() + "/" + e.create() + "/" + new String(e.source(), StandardCharsets.UTF_8)));
    assertEquals(out.size(), count);
    return out;
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void chunksReplayDocumentByDocumentAfterTheCheckpointOnly() throws Exception {
    WalBatch batch = new WalBatch();
    String big = "{\"message\":\"" + "x".repeat(300_000) + "\"}";
    try (Wal wal = new Wal(dir.resolve("wal"))) {
      batch.add("logs", "a", true, utf8("{\"message\":\"first\"}"));
      batch.add("logs", "b", false, utf8("{}"));
      long first = wal.append(batch);
      batch.clear();
      batch.add("métriques", "id-é", true, utf8("{\"message\":\"ünïcode\"}"));
      batch.add("logs", "big", true, utf8(big));
      wal.append(batch);
      assertEquals(4, wal.backlog());
      assertEquals(List.of("logs/a/true/{\"message\":\"first\"}", "logs/b/false/{}",
          "métriques/id-é/true/{\"message\":\"ünïcode\"}", "logs/big/true/" + big), replay(wal));
      wal.checkpoint(first);
      assertEquals(0, wal.backlog());
    }
    try (Wal wal = new Wal(dir.resolve("wal"))) {
      assertEquals(List.of("métriques/id-é/true/{\"message\":\"ünïcode\"}", "logs/big/true/" + big), replay(wal));
    }
  }

  @Test
  void aChunkOfHugeDocumentsDoesNotKeepItsBufferForTheNext() throws Exception {
    WalBatch batch = new WalBatch();
    String huge = "{\"message\":\"" + "y".repeat(6 * 1024 * 1024) + "\"}";
    try (Wal wal = new Wal(dir.resolve("wal"))) {
      batch.add("logs", "huge", true, utf8(huge));
      assertTrue(batch.bytes().length > WalBatch.RETAINED_BYTES);
      wal.append(batch);
      batch.clear();
      assertTrue(batch.bytes().length <= WalBatch.RETAINED_BYTES, "let go after the chunk");
      batch.add("logs", "small", true, utf8("{}"));
      wal.append(batch);
      assertEquals(List.of("logs/huge/true/" + huge, "logs/small/true/{}"), replay(wal));
    }
  }

  @Test
  void entriesOfOneDocumentLoggedByEarlierVersionsStillReplay() throws Exception {
    try (SingleChronicleQueue queue = SingleChronicleQueueBuilder.single(dir.resolve("wal").toFile())
        .rollCycle(RollCycles.FAST_HOURLY).build(); ExcerptAppender appender = queue.createAppender()) {
      for (String id : new String[] {"old-1", "old-2"}) {
        try (DocumentContext dc = appender.writingDocument()) {
          dc.wire().bytes().writeUtf8("logs");
          dc.wire().bytes().writeUtf8(id);
          dc.wire().bytes().writeBoolean(true);
          byte[] source = utf8("{\"message\":\"" + id + "\"}");
          dc.wire().bytes().writeStopBit(source.length);
          dc.wire().bytes().write(source);
        }
      }
    }
    try (Wal wal = new Wal(dir.resolve("wal"))) {
      WalBatch batch = new WalBatch();
      batch.add("logs", "new-1", true, utf8("{\"message\":\"new\"}"));
      wal.append(batch);
      assertEquals(List.of("logs/old-1/true/{\"message\":\"old-1\"}", "logs/old-2/true/{\"message\":\"old-2\"}",
          "logs/new-1/true/{\"message\":\"new\"}"), replay(wal));
    }
  }
}
