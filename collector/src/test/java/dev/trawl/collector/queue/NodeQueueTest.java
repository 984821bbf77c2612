package dev.trawl.collector.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trawl.testing.Await;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import net.openhft.chronicle.core.time.SetTimeProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeQueueTest {
  private static final long HOUR_MILLIS = 3_600_000L;

  @TempDir Path dir;
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  private static void append(NodeQueue queue, String id, String doc) {
    byte[] i = id.getBytes(StandardCharsets.US_ASCII);
    byte[] d = doc.getBytes(StandardCharsets.UTF_8);
    queue.append(dev.trawl.collector.queue.Stream.LOGS, i, i.length, d, 0, d.length);
  }

  private long cycleFiles() throws IOException {
    try (Stream<Path> files = Files.list(dir.resolve("q"))) {
      return files.filter(f -> f.toString().endsWith(".cq4")).count();
    }
  }

  @Test
  void theBoundCountsUndeliveredBytesAcrossRestarts() throws IOException {
    try (NodeQueue queue = new NodeQueue(dir.resolve("q"), 30, registry)) {
      assertTrue(queue.hasRoom());
      append(queue, "a", "0123456789");
      append(queue, "b", "0123456789");
      assertEquals(22, queue.pendingBytes());
      assertTrue(queue.hasRoom());
      append(queue, "c", "0123456789");
      assertFalse(queue.hasRoom(), "33 undelivered bytes are past the bound of 30");
      try (NodeQueue.Reader reader = queue.reader()) {
        QueuedDocument first = reader.next();
        queue.acknowledge(first.index(), 1, first.sizeBytes());
      }
      assertTrue(queue.hasRoom());
      assertTrue(registry.get("trawl.collector.backpressure.seconds").functionCounter().count() > 0);
    }
    SimpleMeterRegistry afterRestart = new SimpleMeterRegistry();
    try (NodeQueue reopened = new NodeQueue(dir.resolve("q"), 30, afterRestart)) {
      assertEquals(22, reopened.pendingBytes(), "rebuilt from the documents after the ack");
      assertEquals(2.0, afterRestart.get("trawl.collector.queue.records").gauge().value(), "b and c undelivered");
      try (NodeQueue.Reader reader = reopened.reader()) {
        assertEquals("b", reader.next().id());
        assertEquals("c", reader.next().id());
        assertNull(reader.next());
      }
    }
  }

  @Test
  void aDiskUnderItsReserveRefusesAppendsUntilSpaceReturns() throws IOException {
    java.util.concurrent.atomic.AtomicLong free = new java.util.concurrent.atomic.AtomicLong(1L << 30);
    try (NodeQueue queue = new NodeQueue(dir.resolve("q"), 1L << 30, registry,
        net.openhft.chronicle.core.time.SystemTimeProvider.INSTANCE,
        d -> new dev.trawl.chronicle.DiskReserve("node queue", 256L << 20, free::get))) {
      append(queue, "a", "0123456789");
      assertTrue(queue.hasRoom());
      assertEquals(0.0, registry.get("trawl.collector.queue.disk.full").gauge().value());
      free.set(100L << 20);
      Await.until("refused under the reserve", Duration.ofSeconds(5), () -> !queue.hasRoom());
      assertTrue(queue.isFull(), "metric samples are dropped too");
      assertEquals(1.0, registry.get("trawl.collector.queue.disk.full").gauge().value());
      assertEquals(100L << 20, registry.get("trawl.collector.queue.disk.free").gauge().value());
      Await.until("the wait is counted as backpressure", Duration.ofSeconds(5),
          () -> registry.get("trawl.collector.backpressure.seconds").functionCounter().count() > 0);
      free.set(1L << 30);
      Await.until("appends go on once space is back", Duration.ofSeconds(5), queue::hasRoom);
      assertEquals(0.0, registry.get("trawl.collector.queue.disk.full").gauge().value());
      append(queue, "b", "0123456789");
      assertEquals(22, queue.pendingBytes(), "nothing was lost or dropped");
    }
  }

  @Test
  void deliveredCycleFilesAreDeleted() throws IOException {
    SetTimeProvider time = new SetTimeProvider(1_795_435_200_000L * 1_000_000L);
    List<QueuedDocument> read = new ArrayList<>();
    try (NodeQueue queue = new NodeQueue(dir.resolve("q"), 1 << 20, registry, time)) {
      for (int hour = 0; hour < 3; hour++) {
        append(queue, "h" + hour, "{\"hour\":" + hour + "}");
        time.advanceMillis(HOUR_MILLIS);
      }
      append(queue, "h3", "{}");
      assertEquals(4, cycleFiles());
      try (NodeQueue.Reader reader = queue.reader()) {
        for (QueuedDocument d = reader.next(); d != null; d = reader.next()) {
          read.add(d);
        }
      }
      assertEquals(List.of("h0", "h1", "h2", "h3"), read.stream().map(QueuedDocument::id).toList());
      queue.acknowledge(read.get(2).index(), 3, read.get(0).sizeBytes() + read.get(1).sizeBytes() + read.get(2).sizeBytes());
      assertEquals(2, cycleFiles(), "the hours wholly delivered are gone; the acked one and the newest stay");
      try (NodeQueue.Reader reader = queue.reader()) {
        assertEquals("h3", reader.next().id(), "reading resumes after the ack");
      }
    }
  }
}
