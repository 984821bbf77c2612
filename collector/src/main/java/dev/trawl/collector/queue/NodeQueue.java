package dev.trawl.collector.queue;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.OptionalLong;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;

/**
 * The durable buffer on the node: documents appended by the tailer thread, read in order by the
 * shipper thread, with the last delivered index kept beside the queue so a restart resumes right
 * after it. {@link #append} is for one writer thread; {@link Reader} for one reader thread.
 */
public final class NodeQueue implements AutoCloseable {
  private final ChronicleQueue queue;
  private final ExcerptAppender appender;
  private final AckFile ackFile;
  private final Counter appended;

  public NodeQueue(Path dir, MeterRegistry registry) {
    this.queue = SingleChronicleQueueBuilder.single(dir.toFile()).rollCycle(RollCycles.FAST_HOURLY).build();
    this.appender = queue.createAppender();
    this.ackFile = new AckFile(dir);
    this.appended = Counter.builder("trawl.collector.queue.appended")
        .description("Documents appended to the node queue").register(registry);
  }

  /** Appends one document; the bytes are copied into the mapped queue file before it returns. */
  public void append(byte[] id, int idLen, byte[] source, int off, int len) {
    try (DocumentContext dc = appender.writingDocument()) {
      Bytes<?> bytes = dc.wire().bytes();
      bytes.writeStopBit(idLen);
      bytes.write(id, 0, idLen);
      bytes.writeStopBit(len);
      bytes.write(source, off, len);
    }
    appended.increment();
  }

  /** A reader positioned right after the last acknowledged document. */
  public Reader reader() throws IOException {
    return new Reader(queue.createTailer(), ackFile.read());
  }

  /** Records that every document up to and including {@code index} is delivered. */
  public void acknowledge(long index) throws IOException {
    ackFile.write(index);
  }

  @Override
  public void close() {
    appender.close();
    queue.close();
  }

  /** Reads documents in order. Not thread-safe: the shipper's thread only. */
  public static final class Reader implements AutoCloseable {
    private final ExcerptTailer tailer;

    Reader(ExcerptTailer tailer, OptionalLong acknowledged) {
      this.tailer = tailer;
      if (acknowledged.isPresent() && tailer.moveToIndex(acknowledged.getAsLong())) {
        try (DocumentContext skip = tailer.readingDocument()) {
          assert skip.isPresent() : "acknowledged index must hold a document";
        }
      }
    }

    /** The next document, or null when none is waiting. */
    public QueuedDocument next() {
      try (DocumentContext dc = tailer.readingDocument()) {
        if (!dc.isPresent()) {
          return null;
        }
        Bytes<?> bytes = dc.wire().bytes();
        byte[] id = new byte[(int) bytes.readStopBit()];
        bytes.read(id);
        byte[] source = new byte[(int) bytes.readStopBit()];
        bytes.read(source);
        return new QueuedDocument(dc.index(), new String(id, StandardCharsets.US_ASCII), source);
      }
    }

    @Override
    public void close() {
      tailer.close();
    }
  }
}
