package dev.trawl.collector.queue;

import java.util.Arrays;

/**
 * Gathers documents that end in the same bytes (their file's path, its container's Kubernetes
 * fields and the closing brace) into one queue excerpt, which keeps those bytes once: for each
 * document the queue holds only its id and own bytes, and pays its per-excerpt header and index
 * upkeep once per batch instead of once per line. Documents are in the queue only once
 * {@link #flush} wrote them, which the owner calls before anything relies on that (a checkpoint).
 * Not thread-safe: one per appending thread.
 */
public final class DocumentBatch {
  /** A batch is written once its entries pass this, keeping excerpts far under Chronicle's limit. */
  private static final int FLUSH_BYTES = 256 * 1024;
  private static final int MAX_STOP_BIT_BYTES = 5;
  /** The excerpt's kind byte, and the stop-bit count and tail length. */
  private static final int HEADER_BYTES = 1 + 2 * MAX_STOP_BIT_BYTES;
  private final NodeQueue queue;
  private byte[] entries = new byte[64 * 1024];
  private int length;
  private int count;
  private long queueBytes;
  private Stream stream;
  private byte[] tail;

  public DocumentBatch(NodeQueue queue) {
    this.queue = queue;
  }

  /**
   * Adds a document whose JSON is {@code own[off, off + len)} followed by {@code tail}. A batch
   * with another tail (compared by identity: the owner keeps one array per rendering) or another
   * stream is written first.
   */
  public void add(Stream stream, byte[] tail, byte[] id, int idLen, byte[] own, int off, int len) {
    if (len > roomFor(tail, idLen)) {
      throw new IllegalArgumentException("a document of " + len + " bytes is more than one queue excerpt holds with its tail of "
          + tail.length + " bytes; at most " + roomFor(tail, idLen));
    }
    int entryBytes = idLen + len + 2 * MAX_STOP_BIT_BYTES;
    if (count > 0 && (tail != this.tail || stream != this.stream
        || HEADER_BYTES + tail.length + length + entryBytes > queue.maxExcerptBytes())) {
      flush();
    }
    if (count == 0) {
      this.stream = stream;
      this.tail = tail;
      queueBytes = tail.length;
    }
    ensure(entryBytes);
    length = writeStopBit(idLen, length);
    System.arraycopy(id, 0, entries, length, idLen);
    length = writeStopBit(len, length + idLen);
    System.arraycopy(own, off, entries, length, len);
    length += len;
    queueBytes += idLen + len;
    count++;
    if (length >= FLUSH_BYTES) {
      flush();
    }
  }

  /** The most bytes of its own a document with this tail and id length may have: one excerpt holds it. */
  public int roomFor(byte[] tail, int idLen) {
    return queue.maxExcerptBytes() - HEADER_BYTES - tail.length - idLen - 2 * MAX_STOP_BIT_BYTES;
  }

  /** Writes the documents gathered so far to the queue. */
  public void flush() {
    if (count == 0) {
      return;
    }
    queue.append(stream, tail, count, entries, length, queueBytes);
    count = 0;
    length = 0;
    queueBytes = 0;
  }

  /** Documents added and not yet written. */
  int pending() {
    return count;
  }

  private void ensure(int more) {
    if (length + more > entries.length) {
      entries = Arrays.copyOf(entries, Math.max(entries.length * 2, length + more));
    }
  }

  /** Chronicle's stop-bit encoding of a non-negative int, as {@code Bytes.readStopBit} reads it. */
  private int writeStopBit(int value, int at) {
    int v = value;
    while ((v & ~0x7F) != 0) {
      entries[at++] = (byte) ((v & 0x7F) | 0x80);
      v >>>= 7;
    }
    entries[at++] = (byte) v;
    return at;
  }
}
