package dev.trawl.collector.queue;

import dev.trawl.collector.record.DocumentId;
import java.util.Arrays;

/**
 * Gathers documents of one file that end in the same bytes (the file's path, its container's
 * Kubernetes fields and the closing brace) into one queue excerpt, which keeps those bytes once,
 * and the file's part of the documents' {@link DocumentId}s: for each document the queue holds only
 * its offset (as the difference from the one before, a byte or two) and its own bytes, and pays its
 * per-excerpt header and index upkeep once per batch instead of once per line. The reader makes each
 * id and writes each offset's digits. Documents are in the queue only once {@link #flush} wrote
 * them, which the owner calls before anything relies on that (a checkpoint). Not thread-safe: one
 * per appending thread.
 */
public final class DocumentBatch {
  /** A batch is written once its entries pass this, keeping excerpts far under Chronicle's limit. */
  private static final int FLUSH_BYTES = 256 * 1024;
  /** The most bytes an int and a long take in stop-bit encoding. */
  private static final int MAX_INT_STOP_BIT_BYTES = 5;
  private static final int MAX_LONG_STOP_BIT_BYTES = 10;
  /** The excerpt's kind byte, the stop-bit count and tail length, and the per-file hash. */
  private static final int HEADER_BYTES = 1 + 2 * MAX_INT_STOP_BIT_BYTES + 2 * Long.BYTES;
  /** An entry's offset step and length. */
  private static final int ENTRY_HEADER_BYTES = MAX_LONG_STOP_BIT_BYTES + MAX_INT_STOP_BIT_BYTES;
  private final NodeQueue queue;
  private byte[] entries = new byte[64 * 1024];
  private int length;
  private int count;
  private long queueBytes;
  private Stream stream;
  private byte[] tail;
  private DocumentId ids;
  private long lastOffset;

  public DocumentBatch(NodeQueue queue) {
    this.queue = queue;
  }

  /**
   * Adds the document of the line at {@code offset} whose JSON is {@code own[off, off + len)}
   * (its {@link dev.trawl.collector.record.JsonKeys} tokens expanded, the offset's among them)
   * followed by {@code tail}. A batch with another tail, other ids (both compared by identity:
   * the owner keeps one of each per file and rendering) or another stream is written first.
   */
  public void add(Stream stream, byte[] tail, DocumentId ids, long offset, byte[] own, int off, int len) {
    if (len > roomFor(tail)) {
      throw new IllegalArgumentException("a document of " + len + " bytes is more than one queue excerpt holds with its tail of "
          + tail.length + " bytes; at most " + roomFor(tail));
    }
    int entryBytes = len + ENTRY_HEADER_BYTES;
    if (count > 0 && (tail != this.tail || ids != this.ids || stream != this.stream
        || HEADER_BYTES + tail.length + length + entryBytes > queue.maxExcerptBytes())) {
      flush();
    }
    if (count == 0) {
      this.stream = stream;
      this.tail = tail;
      this.ids = ids;
      lastOffset = 0;
      queueBytes = tail.length + 2 * Long.BYTES;
    }
    ensure(entryBytes);
    // zig-zag: a line joined from parts, or held back by the other stream's, can come after a later one
    long step = offset - lastOffset;
    length = writeStopBit((step << 1) ^ (step >> 63), length);
    lastOffset = offset;
    length = writeStopBit(len, length);
    System.arraycopy(own, off, entries, length, len);
    length += len;
    queueBytes += len;
    count++;
    if (length >= FLUSH_BYTES) {
      flush();
    }
  }

  /** The most bytes of its own a document with this tail may have: one excerpt holds it. */
  public int roomFor(byte[] tail) {
    return queue.maxExcerptBytes() - HEADER_BYTES - tail.length - ENTRY_HEADER_BYTES;
  }

  /** Writes the documents gathered so far to the queue. */
  public void flush() {
    if (count == 0) {
      return;
    }
    queue.append(stream, tail, ids, count, entries, length, queueBytes);
    count = 0;
    length = 0;
    queueBytes = 0;
  }

  /** Documents added and not yet written. */
  int pending() {
    return count;
  }

  /** The queue bytes of the documents added and not yet written, as the queue will count them. */
  public long unwrittenBytes() {
    return queueBytes;
  }

  private void ensure(int more) {
    if (length + more > entries.length) {
      entries = Arrays.copyOf(entries, Math.max(entries.length * 2, length + more));
    }
  }

  /** Chronicle's stop-bit encoding of a non-negative number, as {@code Bytes.readStopBit} reads it. */
  private int writeStopBit(long value, int at) {
    long v = value;
    while ((v & ~0x7FL) != 0) {
      entries[at++] = (byte) ((v & 0x7F) | 0x80);
      v >>>= 7;
    }
    entries[at++] = (byte) v;
    return at;
  }
}
