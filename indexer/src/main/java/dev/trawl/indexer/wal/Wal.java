package dev.trawl.indexer.wal;

import dev.trawl.chronicle.CycleFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.OptionalLong;
import java.util.function.Consumer;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;

/**
 * The write-ahead log, a Chronicle Queue. {@link #append} is called from the single ingest thread
 * only. A checkpoint file records the last position every Lucene partition has committed; start-up
 * replays exactly what follows it, and cycle files wholly before it are deleted.
 */
public final class Wal implements AutoCloseable {
  private final SingleChronicleQueue queue;
  private final ExcerptAppender appender;
  private final Path checkpointFile;
  /** Entries appended since the last checkpoint: what a crash now would replay. */
  private volatile long backlog;

  public Wal(Path dir) throws IOException {
    Files.createDirectories(dir);
    this.checkpointFile = dir.resolveSibling("wal.checkpoint");
    this.queue = SingleChronicleQueueBuilder.single(dir.toFile()).rollCycle(RollCycles.FAST_HOURLY).build();
    this.appender = queue.createAppender();
  }

  /** Appends one document and returns its WAL position. */
  public long append(String stream, String id, boolean create, byte[] source) {
    try (DocumentContext dc = appender.writingDocument()) {
      Bytes<?> bytes = dc.wire().bytes();
      bytes.writeUtf8(stream);
      bytes.writeUtf8(id);
      bytes.writeBoolean(create);
      bytes.writeStopBit(source.length);
      bytes.write(source);
    }
    backlog++;
    return appender.lastIndexAppended();
  }

  /** Hands every entry after the checkpoint to {@code apply}, in order; returns how many. */
  public long replay(Consumer<WalEntry> apply) throws IOException {
    OptionalLong checkpoint = checkpoint();
    long count = 0;
    try (ExcerptTailer tailer = queue.createTailer()) {
      if (checkpoint.isPresent() && tailer.moveToIndex(checkpoint.getAsLong())) {
        try (DocumentContext skip = tailer.readingDocument()) {
          assert skip.isPresent() : "checkpointed WAL position must hold an entry";
        }
      }
      while (true) {
        try (DocumentContext dc = tailer.readingDocument()) {
          if (!dc.isPresent()) {
            return count;
          }
          Bytes<?> bytes = dc.wire().bytes();
          String stream = bytes.readUtf8();
          String id = bytes.readUtf8();
          boolean create = bytes.readBoolean();
          byte[] source = new byte[(int) bytes.readStopBit()];
          bytes.read(source);
          apply.accept(new WalEntry(dc.index(), stream, id, create, source));
          count++;
        }
      }
    }
  }

  /** Entries appended since the last checkpoint (not counting a replayed tail, which start-up commits at once). */
  public long backlog() {
    return backlog;
  }

  /** The last position appended, or -1 when the WAL is empty. */
  public long lastPosition() {
    long last = queue.lastIndex();
    return last < 0 ? -1 : last;
  }

  public OptionalLong checkpoint() throws IOException {
    if (!Files.exists(checkpointFile)) {
      return OptionalLong.empty();
    }
    return OptionalLong.of(Long.parseLong(Files.readString(checkpointFile, StandardCharsets.US_ASCII).trim()));
  }

  /** Records that everything up to {@code position} is committed in Lucene; drops older cycle files. */
  public void checkpoint(long position) throws IOException {
    Path tmp = checkpointFile.resolveSibling("wal.checkpoint.tmp");
    try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING)) {
      ch.write(ByteBuffer.wrap(Long.toString(position).getBytes(StandardCharsets.US_ASCII)));
      ch.force(true);
    }
    Files.move(tmp, checkpointFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    backlog = 0;
    CycleFiles.deleteBefore(queue, position);
  }

  @Override
  public void close() {
    appender.close();
    queue.close();
  }
}
