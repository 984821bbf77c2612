package dev.trawl.collector.tail;

/**
 * Receives the lines of one tailed file, in order. Not thread-safe: called from the tailer's
 * thread only.
 */
public interface FileSink extends AutoCloseable {

  /**
   * One line without its newline.
   *
   * @param offset file offset of the line's first byte
   * @param truncated the line was longer than the limit and is cut there
   * @return false when the line cannot be taken now (the node queue is full); the tailer then
   *     offers it again later and does not advance past it
   */
  boolean line(byte[] buf, int off, int len, long offset, boolean truncated);

  /**
   * The offset a checkpoint may record: {@code readPosition}, or less when the sink still holds
   * lines that are not durably handed on (the first part of a partial line, say).
   */
  long settledOffset(long readPosition);

  /**
   * Offsets of the records at or above {@link #settledOffset} that are already handed on (the lines
   * of one stream while the other stream's split line waits), ascending. A checkpoint keeps them,
   * and the sink opened after a restart or reopen is told to skip them, so reading again from the
   * settled offset hands nothing on twice.
   */
  default long[] handedOnAbove(long settledOffset) {
    return NONE;
  }

  long[] NONE = {};

  /** Lines that will not come back (the file was truncated): the sink forgets pending state. */
  default void reset() {}

  /** Called on every pass of the tailer, so the sink can let go of what waited too long. */
  default void idle(long nowNanos) {}

  /** Hands on everything held that is complete enough to hand on (before a last checkpoint). */
  default void flush() {}

  @Override
  default void close() {}
}
