package dev.trawl.collector.multiline;

import dev.trawl.collector.cri.JoinedLine;

/**
 * Gathers one stream's lines into events by a {@link MultilineRule}: a line that continues is
 * appended (with a newline) to the pending event, any other line first flushes it. A pending
 * event is also flushed when it has waited the timeout, or on stop. Not thread-safe.
 */
public final class MultilineJoiner {
  /** Receives a finished event and the {@code log.flags} bits of its lines, OR-ed. */
  @FunctionalInterface
  public interface Emitter {
    void emit(JoinedLine event, int lineFlags);
  }

  private final MultilineRule rule;
  private final JoinedLine event;
  private final long timeoutNanos;
  private boolean pending;
  private long lastNanos;
  private int flags;

  public MultilineJoiner(MultilineRule rule, int maxBytes, long timeoutNanos) {
    this.rule = rule;
    this.event = new JoinedLine(maxBytes);
    this.timeoutNanos = timeoutNanos;
  }

  /** Takes one line; may first emit the event it ends. */
  public void offer(byte[] ts, int tsOff, int tsLen, byte[] body, int off, int len, long offset, int lineFlags,
      long nowNanos, Emitter out) {
    if (pending && !rule.continues(body, off, len)) {
      flush(out);
    }
    if (!pending) {
      event.start(ts, tsOff, tsLen, offset);
      pending = true;
      flags = 0;
    }
    event.append(body, off, len, '\n');
    flags |= lineFlags;
    lastNanos = nowNanos;
  }

  /** Emits the pending event when no line came for the timeout. */
  public void flushIfIdle(long nowNanos, Emitter out) {
    if (pending && nowNanos - lastNanos >= timeoutNanos) {
      flush(out);
    }
  }

  public void flush(Emitter out) {
    if (pending) {
      pending = false;
      out.emit(event, flags);
    }
  }

  public boolean pending() {
    return pending;
  }

  public long firstOffset() {
    return event.firstOffset();
  }
}
