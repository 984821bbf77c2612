package dev.trawl.collector.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.trawl.testing.Await;
import dev.trawl.testing.ChildJvm;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A collector killed in the middle of a queue append leaves that excerpt's header unfinished. The
 * next collector's appends, and every reader, must get past it: a reader that waited on it forever
 * would leave everything queued after the crash undelivered.
 */
class HalfWrittenExcerptTest {
  @TempDir Path dir;

  /** Appends one whole document, then dies halfway through the next append. */
  public static void main(String[] args) throws Exception {
    Path queueDir = Path.of(System.getenv("QUEUE_DIR"));
    try (NodeQueue queue = new NodeQueue(queueDir, Long.MAX_VALUE, new SimpleMeterRegistry())) {
      byte[] doc = "{\"n\":\"before\"}".getBytes(StandardCharsets.UTF_8);
      queue.append(Stream.LOGS, new byte[] {'b'}, 1, doc, 0, doc.length);
    }
    SingleChronicleQueue chronicle = SingleChronicleQueueBuilder.single(queueDir.toFile())
        .rollCycle(RollCycles.FAST_HOURLY).blockSize(8 << 20).build();
    DocumentContext dc = chronicle.createAppender().writingDocument();
    dc.wire().bytes().writeByte((byte) 0x80).writeStopBit(1000);
    System.out.println("half written");
    System.out.flush();
    Runtime.getRuntime().halt(0);
  }

  @Test
  void documentsAppendedAfterACrashMidAppendAreRead() throws Exception {
    Path queueDir = dir.resolve("q");
    List<String> output = new CopyOnWriteArrayList<>();
    Process child = ChildJvm.start(HalfWrittenExcerptTest.class, Map.of("QUEUE_DIR", queueDir.toString()), output::add);
    assertEquals(0, child.waitFor(), String.join("\n", output));
    Await.until("the child says it stopped halfway", Duration.ofSeconds(10), () -> output.contains("half written"));
    try (NodeQueue queue = new NodeQueue(queueDir, Long.MAX_VALUE, new SimpleMeterRegistry())) {
      try (NodeQueue.Reader reader = queue.reader()) {
        assertEquals("b", reader.next().id());
        assertEquals(null, reader.next(), "the half-written excerpt is no document");
      }
      byte[] doc = "{\"n\":\"after\"}".getBytes(StandardCharsets.UTF_8);
      queue.append(Stream.LOGS, new byte[] {'a'}, 1, doc, 0, doc.length);
      List<String> ids = new ArrayList<>();
      try (NodeQueue.Reader reader = queue.reader()) {
        Await.until("the document appended after the crash is read", Duration.ofSeconds(30), () -> {
          for (QueuedDocument d = reader.next(); d != null; d = reader.next()) {
            ids.add(d.id());
          }
          return ids.contains("a");
        });
      }
      assertEquals(List.of("b", "a"), ids);
    }
  }
}
