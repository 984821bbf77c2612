package dev.trawl.indexer.wal;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdCompressCtx;
import com.github.luben.zstd.ZstdDecompressCtx;
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
 * The write-ahead log, a Chronicle Queue of compressed chunks of documents. {@link #append} is
 * called from the single ingest thread only. A checkpoint file records the last position every
 * Lucene partition has committed; start-up replays exactly what follows it, and cycle files wholly
 * before it are deleted.
 */
public final class Wal implements AutoCloseable {
  /**
   * The first byte of an entry holding a chunk of documents. An entry of one document, as logged
   * before, starts with its stream's length, which is never 0 (an index name is never empty).
   */
  private static final int BATCH = 0;

  private final SingleChronicleQueue queue;
  private final ExcerptAppender appender;
  private final Path checkpointFile;
  private final ZstdCompressCtx compressor = new ZstdCompressCtx().setLevel(1);
  private byte[] compressed = new byte[64 * 1024];
  /** Documents appended since the last checkpoint: what a crash now would replay. */
  private volatile long backlog;

  public Wal(Path dir) throws IOException {
    Files.createDirectories(dir);
    this.checkpointFile = dir.resolveSibling("wal.checkpoint");
    this.queue = SingleChronicleQueueBuilder.single(dir.toFile()).rollCycle(RollCycles.FAST_HOURLY).build();
    this.appender = queue.createAppender();
  }

  /**
   * Appends the documents of one chunk as one entry, compressed (JSON documents of a chunk share
   * most of their keys and values: a ninth of the bytes, so a ninth of the fresh pages of the
   * mapped file to fault in), and returns its WAL position.
   */
  public long append(WalBatch batch) {
    int bound = (int) Zstd.compressBound(batch.length());
    if (compressed.length < bound) {
      compressed = new byte[Math.max(bound, compressed.length * 2)];
    }
    int size = compressor.compressByteArray(compressed, 0, compressed.length, batch.bytes(), 0, batch.length());
    try (DocumentContext dc = appender.writingDocument()) {
      Bytes<?> bytes = dc.wire().bytes();
      bytes.writeByte((byte) BATCH);
      bytes.writeStopBit(batch.count());
      bytes.writeStopBit(batch.length());
      bytes.writeStopBit(size);
      bytes.write(compressed, 0, size);
    }
    backlog += batch.count();
    if (compressed.length > WalBatch.RETAINED_BYTES) {
      compressed = new byte[64 * 1024];
    }
    return appender.lastIndexAppended();
  }

  /** Hands every document logged after the checkpoint to {@code apply}, in order; returns how many. */
  public long replay(Consumer<WalEntry> apply) throws IOException {
    OptionalLong checkpoint = checkpoint();
    long[] count = {0};
    Consumer<WalEntry> counted = entry -> {
      apply.accept(entry);
      count[0]++;
    };
    try (ExcerptTailer tailer = queue.createTailer(); ZstdDecompressCtx decompressor = new ZstdDecompressCtx()) {
      if (checkpoint.isPresent() && tailer.moveToIndex(checkpoint.getAsLong())) {
        try (DocumentContext skip = tailer.readingDocument()) {
          assert skip.isPresent() : "checkpointed WAL position must hold an entry";
        }
      }
      while (true) {
        try (DocumentContext dc = tailer.readingDocument()) {
          if (!dc.isPresent()) {
            return count[0];
          }
          Bytes<?> bytes = dc.wire().bytes();
          if (bytes.peekUnsignedByte() == BATCH) {
            bytes.readByte();
            int documents = (int) bytes.readStopBit();
            byte[] raw = new byte[(int) bytes.readStopBit()];
            byte[] packed = new byte[(int) bytes.readStopBit()];
            bytes.read(packed);
            decompressor.decompressByteArray(raw, 0, raw.length, packed, 0, packed.length);
            WalBatch.read(raw, documents, dc.index(), counted);
          } else {
            counted.accept(singleDocument(dc.index(), bytes));
          }
        }
      }
    }
  }

  /** An entry of one uncompressed document, as versions before batches logged each. */
  private static WalEntry singleDocument(long position, Bytes<?> bytes) {
    String stream = bytes.readUtf8();
    String id = bytes.readUtf8();
    boolean create = bytes.readBoolean();
    byte[] source = new byte[(int) bytes.readStopBit()];
    bytes.read(source);
    return new WalEntry(position, stream, id, create, source);
  }

  /** Documents appended since the last checkpoint (not counting a replayed tail, which start-up commits at once). */
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
    compressor.close();
  }
}
