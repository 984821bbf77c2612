package dev.trawl.collector.cri;

/**
 * Joins the parts of one stream's split line ({@code P} parts up to the {@code F} part) into one
 * body, up to a size limit: beyond it the body is cut and marked truncated, and later parts are
 * dropped, so a runaway writer never grows memory without bound. The joined line keeps the first
 * part's timestamp and offset. Not thread-safe.
 */
public final class PartialJoiner {
  private final int maxBytes;
  private byte[] body = new byte[1024];
  private int length;
  private boolean pending;
  private boolean truncated;
  private long firstOffset;
  private final byte[] timestamp = new byte[64];
  private int timestampLength;

  public PartialJoiner(int maxBytes) {
    this.maxBytes = maxBytes;
  }

  /** True while parts are held and no final part has come. */
  public boolean pending() {
    return pending;
  }

  /** File offset of the first held part. */
  public long firstOffset() {
    return firstOffset;
  }

  /** Adds a part; call {@link #truncated()} and read the body when {@code line.partial()} is false. */
  public void add(byte[] buf, CriLine line, long offset) {
    if (!pending) {
      pending = true;
      truncated = false;
      length = 0;
      firstOffset = offset;
      timestampLength = Math.min(line.timestampLength(), timestamp.length);
      System.arraycopy(buf, line.timestampStart(), timestamp, 0, timestampLength);
    }
    int room = maxBytes - length;
    int take = Math.min(room, line.bodyLength());
    if (take < line.bodyLength()) {
      truncated = true;
    }
    ensure(length + take);
    System.arraycopy(buf, line.bodyStart(), body, length, take);
    length += take;
    if (!line.partial()) {
      pending = false;
    }
  }

  private void ensure(int size) {
    if (size > body.length) {
      body = java.util.Arrays.copyOf(body, Math.max(size, Math.min(maxBytes, body.length * 2)));
    }
  }

  public void reset() {
    pending = false;
    length = 0;
  }

  public byte[] body() {
    return body;
  }

  public int length() {
    return length;
  }

  public boolean truncated() {
    return truncated;
  }

  public byte[] timestamp() {
    return timestamp;
  }

  public int timestampLength() {
    return timestampLength;
  }
}
