package dev.trawl.collector.cri;

import java.util.Arrays;

/**
 * Bytes of several lines gathered into one, up to a size limit (beyond it the rest is dropped and
 * the result is marked truncated), with the first line's timestamp and file offset. Used for CRI
 * partial lines and for multiline events. Not thread-safe.
 */
public final class JoinedLine {
  private final int maxBytes;
  private final byte[] timestamp = new byte[64];
  private byte[] body = new byte[1024];
  private int length;
  private int timestampLength;
  private int parts;
  private boolean truncated;
  private long firstOffset;

  public JoinedLine(int maxBytes) {
    this.maxBytes = maxBytes;
  }

  /** Starts over with a first part's timestamp and offset. */
  public void start(byte[] ts, int tsOff, int tsLen, long offset) {
    length = 0;
    parts = 0;
    truncated = false;
    firstOffset = offset;
    timestampLength = Math.min(tsLen, timestamp.length);
    System.arraycopy(ts, tsOff, timestamp, 0, timestampLength);
  }

  /** Appends a part, after {@code separator} when it is not the first and the separator is not -1. */
  public void append(byte[] b, int off, int len, int separator) {
    if (parts > 0 && separator >= 0) {
      put(new byte[] {(byte) separator}, 0, 1);
    }
    put(b, off, len);
    parts++;
  }

  private void put(byte[] b, int off, int len) {
    int take = Math.min(maxBytes - length, len);
    if (take < len) {
      truncated = true;
    }
    if (length + take > body.length) {
      body = Arrays.copyOf(body, Math.max(length + take, Math.min(maxBytes, body.length * 2)));
    }
    System.arraycopy(b, off, body, length, take);
    length += take;
  }

  public byte[] body() {
    return body;
  }

  public int length() {
    return length;
  }

  public int parts() {
    return parts;
  }

  public boolean truncated() {
    return truncated;
  }

  public long firstOffset() {
    return firstOffset;
  }

  public byte[] timestamp() {
    return timestamp;
  }

  public int timestampLength() {
    return timestampLength;
  }
}
