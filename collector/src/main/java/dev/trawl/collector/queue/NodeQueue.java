package dev.trawl.collector.queue;

import dev.trawl.chronicle.CycleFiles;
import dev.trawl.chronicle.DiskReserve;
import dev.trawl.chronicle.HeapCopy;
import dev.trawl.collector.record.DocumentId;
import dev.trawl.collector.record.JsonKeys;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.core.time.SystemTimeProvider;
import net.openhft.chronicle.core.time.TimeProvider;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;

/**
 * The durable buffer on the node: documents appended by the tailer thread (in
 * {@link DocumentBatch}es) and the cgroup sampler (one per excerpt), read in order by the shipper
 * thread, with the last delivered document's place kept beside the queue so a restart resumes
 * right after it. Bounded by the bytes appended and not yet delivered, and by a reserve of free disk
 * space: past either bound {@link #hasRoom} says no and the tailer waits, so nothing is dropped,
 * and it goes on by itself once the shipper delivers or space returns. Cycle files wholly
 * delivered are deleted.
 * {@link #append} may be called from several threads (each gets its own appender); {@link #hasRoom}
 * is for the tailer's thread; {@link Reader} and {@link #acknowledge} for one reader thread.
 */
public final class NodeQueue implements AutoCloseable {
  /**
   * Chronicle maps a queue file in blocks of this size, and every page written in a mapped block
   * counts in the process's resident memory until the block is let go: its default of 64 MiB
   * made the mapped queue most of the collector's footprint. An excerpt holds a quarter of it.
   */
  private static final long BLOCK_BYTES = 8L << 20;
  /** What one excerpt may hold: a quarter of a block, less Chronicle's header. */
  private static final int MAX_EXCERPT_BYTES = (int) (BLOCK_BYTES / 4) - 64;
  /** Set in an excerpt's first byte when it holds a batch; the low bits are the stream. */
  private static final int BATCH = 0x80;
  /** A batch whose documents hold {@link JsonKeys} tokens, expanded as they are read. */
  private static final int KEY_TOKENS = 0x40;
  /**
   * A batch of one file's documents that keeps the file's part of their ids and each one's offset,
   * from which the reader makes the ids and the offsets' digits; before, each document held both.
   */
  private static final int OFFSET_ENTRIES = 0x20;
  private final SingleChronicleQueue queue;
  private final ThreadLocal<ExcerptAppender> appenders;
  private final List<ExcerptAppender> allAppenders = new CopyOnWriteArrayList<>();
  private final AckFile ackFile;
  private final long maxBytes;
  private final DiskReserve diskReserve;
  private final AtomicLong pendingBytes = new AtomicLong();
  private final AtomicLong pendingRecords = new AtomicLong();
  private final Counter appended;
  private volatile long blockedSinceNanos;
  private volatile long blockedNanos;
  /**
   * The disk reserve's answer as of the last append, or the last refusal: asking the reserve costs a
   * clock read, which per line was a twentieth of the tail thread, and the disk fills by appends.
   */
  private volatile boolean diskLow;

  /** @param maxBytes bytes appended and not yet delivered at most */
  public NodeQueue(Path dir, long maxBytes, MeterRegistry registry) throws IOException {
    this(dir, maxBytes, 0, registry);
  }

  /** @param minFreeBytes free space kept on the queue's file system: below it appends wait */
  public NodeQueue(Path dir, long maxBytes, long minFreeBytes, MeterRegistry registry) throws IOException {
    this(dir, maxBytes, registry, SystemTimeProvider.INSTANCE, d -> DiskReserve.of("node queue " + d, d, minFreeBytes));
  }

  /** @param time the clock that picks the hourly cycle file */
  public NodeQueue(Path dir, long maxBytes, MeterRegistry registry, TimeProvider time) throws IOException {
    this(dir, maxBytes, registry, time, d -> DiskReserve.of("node queue " + d, d, 0));
  }

  /** @param reserve the free-space reserve on the file system of the (created) queue directory */
  NodeQueue(Path dir, long maxBytes, MeterRegistry registry, TimeProvider time, ReserveFactory reserve) throws IOException {
    this.queue = SingleChronicleQueueBuilder.single(dir.toFile()).rollCycle(RollCycles.FAST_HOURLY)
        .blockSize(BLOCK_BYTES).timeProvider(time).build();
    this.diskReserve = reserve.on(dir);
    this.appenders = ThreadLocal.withInitial(() -> {
      ExcerptAppender appender = queue.createAppender();
      allAppenders.add(appender);
      return appender;
    });
    this.ackFile = new AckFile(dir);
    this.maxBytes = maxBytes;
    try (Reader pending = reader()) {
      for (QueuedDocument doc = pending.next(); doc != null; doc = pending.next()) {
        pendingBytes.addAndGet(doc.queueBytes());
        pendingRecords.incrementAndGet();
      }
    }
    this.appended = Counter.builder("trawl.collector.queue.appended")
        .description("Documents appended to the node queue").register(registry);
    registry.gauge("trawl.collector.queue.bytes", pendingBytes);
    Gauge.builder("trawl.collector.queue.records", pendingRecords, AtomicLong::get)
        .description("Documents in the node queue not yet delivered").register(registry);
    Gauge.builder("trawl.collector.queue.disk.free", diskReserve, DiskReserve::usableBytes).baseUnit("bytes")
        .description("Usable bytes on the node queue's file system").register(registry);
    Gauge.builder("trawl.collector.queue.disk.full", diskReserve, r -> r.low() ? 1 : 0)
        .description("1 while the node queue's file system is under queue.min_free_bytes and tailing waits").register(registry);
    FunctionCounter.builder("trawl.collector.backpressure.seconds", this, q -> q.blockedSeconds())
        .description("Time tailing waited because the node queue was full").register(registry);
  }

  /** Appends one document as an excerpt of its own; the bytes are copied into the mapped queue file before it returns. */
  public void append(Stream stream, byte[] id, int idLen, byte[] source, int off, int len) {
    try (DocumentContext dc = appenders.get().writingDocument()) {
      Bytes<?> bytes = dc.wire().bytes();
      bytes.writeByte((byte) stream.ordinal());
      bytes.writeStopBit(idLen);
      bytes.write(id, 0, idLen);
      bytes.writeStopBit(len);
      HeapCopy.write(bytes, source, off, len);
    }
    appended(1, idLen + len);
  }

  /**
   * Appends a {@link DocumentBatch}'s documents as one excerpt: their common tail and the file's
   * part of their ids once, then each document's offset and own bytes.
   */
  void append(Stream stream, byte[] tail, DocumentId ids, int count, byte[] entries, int entriesLength, long queueBytes) {
    try (DocumentContext dc = appenders.get().writingDocument()) {
      Bytes<?> bytes = dc.wire().bytes();
      bytes.writeByte((byte) (BATCH | KEY_TOKENS | OFFSET_ENTRIES | stream.ordinal()));
      bytes.writeStopBit(count);
      bytes.writeStopBit(tail.length);
      bytes.write(tail);
      bytes.writeLong(ids.fileHigh());
      bytes.writeLong(ids.fileLow());
      HeapCopy.write(bytes, entries, 0, entriesLength);
    }
    appended(count, queueBytes);
  }

  private void appended(int count, long queueBytes) {
    diskLow = diskReserve.low();
    pendingBytes.addAndGet(queueBytes);
    pendingRecords.addAndGet(count);
    appended.increment(count);
  }

  /** The most bytes one excerpt (a document, or a batch with its tail) may hold. */
  public int maxExcerptBytes() {
    return MAX_EXCERPT_BYTES;
  }

  /** The index of the last excerpt appended by any thread, or -1 when the queue is empty. */
  public long lastIndex() {
    return queue.lastIndex();
  }

  /**
   * The ids of the log documents appended after {@code index} (all of them when it is -1), for a
   * restart to recognise lines that reached the queue after its last checkpoint.
   */
  public Set<String> logIdsAfter(long index) {
    Set<String> ids = new HashSet<>();
    try (ExcerptTailer tailer = queue.createTailer()) {
      if (index >= 0 && tailer.moveToIndex(index)) {
        try (DocumentContext skip = tailer.readingDocument()) {
          assert skip.isPresent() : "a mark names a document";
        }
      }
      try (Reader reader = new Reader(tailer, null)) {
        for (QueuedDocument doc = reader.next(); doc != null; doc = reader.next()) {
          if (doc.stream() == Stream.LOGS) {
            ids.add(doc.id());
          }
        }
      }
    }
    return ids;
  }

  /** Builds the reserve once the queue has created its directory. */
  @FunctionalInterface
  interface ReserveFactory {
    DiskReserve on(Path dir) throws IOException;
  }

  /**
   * False while undelivered bytes, with the caller's {@code unwritten} bytes (a batch not yet
   * appended: one pass of the tailer can read more than the bound), are at the bound, or the disk is
   * under its reserve; the time spent refused is counted. Cheap enough to ask per line: the disk is
   * asked again only after an append (so a disk filled by others is seen one excerpt late, well
   * inside the reserve) or while refused.
   */
  public boolean hasRoom(long unwritten) {
    if (pendingBytes.get() + unwritten >= maxBytes || (diskLow && (diskLow = diskReserve.low()))) {
      if (blockedSinceNanos == 0) {
        blockedSinceNanos = System.nanoTime();
      }
      return false;
    }
    if (blockedSinceNanos != 0) {
      blockedNanos += System.nanoTime() - blockedSinceNanos;
      blockedSinceNanos = 0;
    }
    return true;
  }

  private double blockedSeconds() {
    long since = blockedSinceNanos;
    return (blockedNanos + (since == 0 ? 0 : System.nanoTime() - since)) / 1e9;
  }

  /** True at the bound or under the disk reserve; for writers that drop instead of waiting (periodic metric samples). Any thread. */
  public boolean isFull() {
    return pendingBytes.get() >= maxBytes || diskReserve.low();
  }

  /** Bytes appended and not yet delivered. */
  public long pendingBytes() {
    return pendingBytes.get();
  }

  /** A reader positioned right after the last acknowledged document. */
  public Reader reader() throws IOException {
    return new Reader(queue.createTailer(), ackFile.read().orElse(null));
  }

  /**
   * Records that every document up to and including {@code last} is delivered, and deletes the
   * cycle files before the one holding it.
   *
   * @param records how many documents that delivers
   * @param bytes the delivered documents' {@link QueuedDocument#queueBytes()}
   */
  public void acknowledge(QueuedDocument last, int records, long bytes) throws IOException {
    ackFile.write(new AckFile.Mark(last.index(), last.ordinal()));
    pendingRecords.addAndGet(-records);
    pendingBytes.addAndGet(-bytes);
    CycleFiles.deleteBefore(queue, last.index());
  }

  @Override
  public void close() {
    for (ExcerptAppender appender : allAppenders) {
      appender.close();
    }
    queue.close();
  }

  /**
   * Reads documents in order; a batch excerpt is read whole and handed out one document at a time.
   * Not thread-safe: the shipper's thread only.
   */
  public static final class Reader implements AutoCloseable {
    private static final Stream[] STREAMS = Stream.values();
    private final ExcerptTailer tailer;
    private final ArrayDeque<QueuedDocument> excerpt = new ArrayDeque<>();
    /** A document's own bytes as the queue holds them, before its key tokens are expanded. */
    private byte[] compact = new byte[4096];

    /** @param acknowledged the last delivered document, or null to read from the start */
    Reader(ExcerptTailer tailer, AckFile.Mark acknowledged) {
      this.tailer = tailer;
      if (acknowledged != null && tailer.moveToIndex(acknowledged.index())) {
        readExcerpt();
        while (!excerpt.isEmpty() && excerpt.peekFirst().ordinal() <= acknowledged.ordinal()) {
          excerpt.pollFirst();
        }
      }
    }

    /** The next document, or null when none is waiting. */
    public QueuedDocument next() {
      if (excerpt.isEmpty()) {
        readExcerpt();
      }
      return excerpt.pollFirst();
    }

    private void readExcerpt() {
      try (DocumentContext dc = tailer.readingDocument()) {
        if (!dc.isPresent()) {
          return;
        }
        Bytes<?> bytes = dc.wire().bytes();
        int kind = bytes.readUnsignedByte();
        Stream stream = STREAMS[kind & ~(BATCH | KEY_TOKENS | OFFSET_ENTRIES)];
        if ((kind & BATCH) == 0) {
          String id = readId(bytes);
          byte[] source = new byte[(int) bytes.readStopBit()];
          bytes.read(source);
          excerpt.add(new QueuedDocument(dc.index(), 0, stream, id, source, id.length() + source.length));
          return;
        }
        int count = (int) bytes.readStopBit();
        byte[] tail = new byte[(int) bytes.readStopBit()];
        bytes.read(tail);
        boolean offsetEntries = (kind & OFFSET_ENTRIES) != 0;
        DocumentId ids = offsetEntries ? new DocumentId(bytes.readLong(), bytes.readLong()) : null;
        long offset = 0;
        for (int ordinal = 0; ordinal < count; ordinal++) {
          String id;
          if (offsetEntries) {
            long zigZag = bytes.readStopBit();
            offset += (zigZag >>> 1) ^ -(zigZag & 1);
            id = new String(ids.of(offset), StandardCharsets.US_ASCII);
          } else {
            id = readId(bytes);
          }
          int own = (int) bytes.readStopBit();
          byte[] source;
          if ((kind & KEY_TOKENS) == 0) {
            source = new byte[own + tail.length];
            bytes.read(source, 0, own);
            System.arraycopy(tail, 0, source, own, tail.length);
          } else {
            if (compact.length < own) {
              compact = new byte[Math.max(own, 2 * compact.length)];
            }
            bytes.read(compact, 0, own);
            int json = JsonKeys.expandedLength(compact, 0, own, offset);
            source = new byte[json + tail.length];
            JsonKeys.expand(compact, 0, own, offset, source, 0);
            System.arraycopy(tail, 0, source, json, tail.length);
          }
          long header = ordinal > 0 ? 0 : offsetEntries ? tail.length + 2 * Long.BYTES : tail.length;
          long queueBytes = (offsetEntries ? 0 : id.length()) + own + header;
          excerpt.add(new QueuedDocument(dc.index(), ordinal, stream, id, source, queueBytes));
        }
      }
    }

    private static String readId(Bytes<?> bytes) {
      byte[] id = new byte[(int) bytes.readStopBit()];
      bytes.read(id);
      return new String(id, StandardCharsets.US_ASCII);
    }

    @Override
    public void close() {
      tailer.close();
    }
  }
}
