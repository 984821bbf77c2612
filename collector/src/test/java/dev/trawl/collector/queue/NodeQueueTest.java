package dev.trawl.collector.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trawl.collector.record.DocumentId;
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
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.core.time.SetTimeProvider;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;
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
      assertTrue(queue.hasRoom(0));
      append(queue, "a", "0123456789");
      append(queue, "b", "0123456789");
      assertEquals(22, queue.pendingBytes());
      assertTrue(queue.hasRoom(0));
      assertFalse(queue.hasRoom(8), "a batch of 8 bytes not yet appended takes the 22 to the bound of 30");
      append(queue, "c", "0123456789");
      assertFalse(queue.hasRoom(0), "33 undelivered bytes are past the bound of 30");
      try (NodeQueue.Reader reader = queue.reader()) {
        QueuedDocument first = reader.next();
        queue.acknowledge(first, 1, first.queueBytes());
      }
      assertTrue(queue.hasRoom(0));
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
      assertTrue(queue.hasRoom(0));
      assertEquals(0.0, registry.get("trawl.collector.queue.disk.full").gauge().value());
      free.set(100L << 20);
      // Others filled the disk: the queue sees it at an append after the reserve's next look, as a
      // tailer that goes on appending while it has room would.
      java.util.concurrent.atomic.AtomicInteger more = new java.util.concurrent.atomic.AtomicInteger();
      Await.until("refused under the reserve", Duration.ofSeconds(5), () -> {
        if (!queue.hasRoom(0)) {
          return true;
        }
        append(queue, "m", "0123456789");
        more.incrementAndGet();
        return false;
      });
      assertTrue(queue.isFull(), "metric samples are dropped too");
      assertEquals(1.0, registry.get("trawl.collector.queue.disk.full").gauge().value());
      assertEquals(100L << 20, registry.get("trawl.collector.queue.disk.free").gauge().value());
      Await.until("the wait is counted as backpressure", Duration.ofSeconds(5),
          () -> registry.get("trawl.collector.backpressure.seconds").functionCounter().count() > 0);
      free.set(1L << 30);
      Await.until("appends go on once space is back", Duration.ofSeconds(5), () -> queue.hasRoom(0));
      assertEquals(0.0, registry.get("trawl.collector.queue.disk.full").gauge().value());
      append(queue, "b", "0123456789");
      assertEquals(11L * (2 + more.get()), queue.pendingBytes(), "nothing was lost or dropped");
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
      queue.acknowledge(read.get(2), 3, read.get(0).queueBytes() + read.get(1).queueBytes() + read.get(2).queueBytes());
      assertEquals(2, cycleFiles(), "the hours wholly delivered are gone; the acked one and the newest stay");
      try (NodeQueue.Reader reader = queue.reader()) {
        assertEquals("h3", reader.next().id(), "reading resumes after the ack");
      }
    }
  }

  /** The ids of the one file the batches' lines come from. */
  private static final DocumentId FILE = new DocumentId("node-1", "uid-1", "app", 1234L, 0);

  private static String id(long offset) {
    return new String(FILE.of(offset), StandardCharsets.US_ASCII);
  }

  private static void add(DocumentBatch batch, byte[] tail, long offset, String own) {
    byte[] d = own.getBytes(StandardCharsets.UTF_8);
    batch.add(dev.trawl.collector.queue.Stream.LOGS, tail, FILE, offset, d, 0, d.length);
  }

  /** Each document as {@code <id>=<json>}, an id of {@link #FILE}'s line at an offset below 1,000 shown as {@code @<offset>}. */
  private static List<String> drain(NodeQueue.Reader reader) {
    List<String> docs = new ArrayList<>();
    for (QueuedDocument d = reader.next(); d != null; d = reader.next()) {
      docs.add(shown(d.id()) + "=" + new String(d.source(), StandardCharsets.UTF_8));
    }
    return docs;
  }

  private static String shown(String id) {
    for (long offset = 0; offset < 1000; offset++) {
      if (id(offset).equals(id)) {
        return "@" + offset;
      }
    }
    return id;
  }

  @Test
  void aBatchKeepsItsTailOnceAndGivesBackWholeDocuments() throws IOException {
    byte[] cart = ",\"pod\":\"cart\"}".getBytes(StandardCharsets.UTF_8);
    byte[] web = ",\"pod\":\"web\"}".getBytes(StandardCharsets.UTF_8);
    try (NodeQueue queue = new NodeQueue(dir.resolve("q"), 1 << 20, registry)) {
      DocumentBatch batch = new DocumentBatch(queue);
      add(batch, cart, 0, "{\"n\":1");
      add(batch, cart, 10, "{\"n\":2");
      assertEquals(-1, queue.lastIndex(), "nothing is in the queue before the batch is written");
      add(batch, web, 20, "{\"n\":3");
      assertEquals(1, batch.pending(), "another tail wrote the first batch");
      byte[] metric = "{\"metric\":1}".getBytes(StandardCharsets.UTF_8);
      queue.append(dev.trawl.collector.queue.Stream.METRICS, new byte[] {'m'}, 1, metric, 0, metric.length);
      batch.flush();
      assertEquals(0, batch.pending());
      assertEquals(cart.length + 16 + 6 + 6 + web.length + 16 + 6 + 1 + 12, queue.pendingBytes(),
          "each tail and file hash counted once, then own bytes; the metric's id and bytes");
      assertEquals(4.0, registry.get("trawl.collector.queue.records").gauge().value());
      try (NodeQueue.Reader reader = queue.reader()) {
        assertEquals(List.of("@0={\"n\":1,\"pod\":\"cart\"}", "@10={\"n\":2,\"pod\":\"cart\"}", "m={\"metric\":1}",
            "@20={\"n\":3,\"pod\":\"web\"}"), drain(reader), "in append order, the metric excerpt before the later batch");
      }
      assertEquals(java.util.Set.of(id(0), id(10), id(20)), queue.logIdsAfter(-1),
          "restart replay sees ids inside batches; metrics are not logs");
    }
  }

  @Test
  void anAcknowledgementInsideABatchResumesAtTheNextDocumentAfterARestart() throws IOException {
    byte[] tail = "}".getBytes(StandardCharsets.UTF_8);
    try (NodeQueue queue = new NodeQueue(dir.resolve("q"), 1 << 20, registry)) {
      DocumentBatch batch = new DocumentBatch(queue);
      for (String name : List.of("a", "b", "c", "d")) {
        add(batch, tail, name.charAt(0) - 'a', "{\"id\":\"" + name + "\"");
      }
      batch.flush();
      try (NodeQueue.Reader reader = queue.reader()) {
        QueuedDocument first = reader.next();
        QueuedDocument second = reader.next();
        assertEquals(1, second.ordinal());
        assertEquals(first.index(), second.index(), "one excerpt");
        queue.acknowledge(second, 2, first.queueBytes() + second.queueBytes());
      }
    }
    try (NodeQueue reopened = new NodeQueue(dir.resolve("q"), 1 << 20, new SimpleMeterRegistry())) {
      assertEquals(2 * 9, reopened.pendingBytes(), "c and d; the tail and the file's hash went with the batch's first document");
      try (NodeQueue.Reader reader = reopened.reader()) {
        assertEquals(List.of("@2={\"id\":\"c\"}", "@3={\"id\":\"d\"}"), drain(reader));
      }
    }
  }

  @Test
  void batchesWrittenByEarlierCollectorsReadAsTheyWere() throws IOException {
    byte[] tail = "}".getBytes(StandardCharsets.UTF_8);
    try (SingleChronicleQueue chronicle = SingleChronicleQueueBuilder.single(dir.resolve("q").toFile())
        .rollCycle(RollCycles.FAST_HOURLY).blockSize(8 << 20).build();
        ExcerptAppender appender = chronicle.createAppender()) {
      // before key tokens: kind byte 0x80 (a batch of logs), each document its id and JSON
      try (DocumentContext dc = appender.writingDocument()) {
        Bytes<?> bytes = dc.wire().bytes();
        bytes.writeByte((byte) 0x80).writeStopBit(1).writeStopBit(tail.length).write(tail);
        bytes.writeStopBit(3).write("old".getBytes(StandardCharsets.US_ASCII)).writeStopBit(3).write(new byte[] {'{', 0x01, ' '});
      }
      // with key tokens, before offset entries: 0xc0, each document its id and its offset's digits
      try (DocumentContext dc = appender.writingDocument()) {
        Bytes<?> bytes = dc.wire().bytes();
        bytes.writeByte((byte) 0xc0).writeStopBit(1).writeStopBit(tail.length).write(tail);
        bytes.writeStopBit(3).write("mid".getBytes(StandardCharsets.US_ASCII)).writeStopBit(5).write(new byte[] {0x01, '1', ',', 0x06, '9'});
      }
    }
    try (NodeQueue queue = new NodeQueue(dir.resolve("q"), 1 << 20, registry)) {
      DocumentBatch batch = new DocumentBatch(queue);
      add(batch, tail, 7, "\u0001\"t\",\u001f");
      batch.flush();
      try (NodeQueue.Reader reader = queue.reader()) {
        assertEquals(List.of("old={\u0001 }", "mid={\"@timestamp\":1,\"offset\":9}", "@7={\"@timestamp\":\"t\",\"offset\":7}"),
            drain(reader));
      }
    }
  }

  @Test
  void eachDocumentsIdAndOffsetAreMadeFromItsFileAndItsEntryHoweverTheOffsetsMove() throws IOException {
    byte[] tail = "}}".getBytes(StandardCharsets.UTF_8);
    // a line joined from parts or held back by the other stream comes after later ones
    long[] offsets = {5_000, 100, 100_000_000_000L, 0, 4_999};
    try (NodeQueue queue = new NodeQueue(dir.resolve("q"), 1 << 20, registry)) {
      DocumentBatch batch = new DocumentBatch(queue);
      for (long offset : offsets) {
        add(batch, tail, offset, "{\"log\":{\u001f");
      }
      batch.flush();
      try (NodeQueue.Reader reader = queue.reader()) {
        for (long offset : offsets) {
          QueuedDocument doc = reader.next();
          assertEquals(id(offset), doc.id());
          assertEquals("{\"log\":{\"offset\":" + offset + "}}", new String(doc.source(), StandardCharsets.UTF_8));
        }
        assertNull(reader.next());
      }
    }
  }

  @Test
  void anAckFileFromBeforeBatchesStandsForItsWholeExcerpt() throws IOException {
    long first;
    try (NodeQueue queue = new NodeQueue(dir.resolve("q"), 1 << 20, registry)) {
      append(queue, "a", "{}");
      first = queue.lastIndex();
      append(queue, "b", "{}");
    }
    Files.writeString(dir.resolve("q/shipper.ack"), Long.toString(first));
    try (NodeQueue reopened = new NodeQueue(dir.resolve("q"), 1 << 20, new SimpleMeterRegistry());
        NodeQueue.Reader reader = reopened.reader()) {
      assertEquals(List.of("b={}"), drain(reader));
    }
  }

  @Test
  void aDocumentThatWouldTakeABatchPastTheExcerptLimitStartsANewOneAndAnOversizedOneIsRefused() throws IOException {
    byte[] tail = "}".getBytes(StandardCharsets.UTF_8);
    try (NodeQueue queue = new NodeQueue(dir.resolve("q"), Long.MAX_VALUE, registry)) {
      DocumentBatch batch = new DocumentBatch(queue);
      String small = "x".repeat(200 << 10);
      String large = "y".repeat(queue.maxExcerptBytes() - (100 << 10));
      add(batch, tail, 0, small);
      add(batch, tail, 1, large);
      batch.flush();
      try (NodeQueue.Reader reader = queue.reader()) {
        QueuedDocument a = reader.next();
        QueuedDocument b = reader.next();
        assertNull(reader.next());
        assertEquals(List.of(id(0), id(1)), List.of(a.id(), b.id()));
        assertTrue(b.index() > a.index(), "together they would pass what an excerpt holds: b went into an excerpt of its own");
        assertEquals(large + "}", new String(b.source(), StandardCharsets.UTF_8));
      }
      String tooBig = "x".repeat(batch.roomFor(tail) + 1);
      IllegalArgumentException refused = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
          () -> add(batch, tail, 2, tooBig));
      assertTrue(refused.getMessage().contains("more than one queue excerpt holds"), refused.getMessage());
    }
  }
}
