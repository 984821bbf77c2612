package dev.trawl.collector.cri;

/**
 * Joins the parts of one stream's split line ({@code P} parts up to the {@code F} part) into one
 * body, up to a size limit: beyond it the body is cut and marked truncated, and later parts are
 * dropped, so a runaway writer never grows memory without bound. The joined line keeps the first
 * part's timestamp and offset. Not thread-safe.
 */
public final class PartialJoiner {
  private final JoinedLine joined;
  private boolean pending;

  public PartialJoiner(int maxBytes) {
    this.joined = new JoinedLine(maxBytes);
  }

  /** True while parts are held and no final part has come. */
  public boolean pending() {
    return pending;
  }

  /** File offset of the first held part. */
  public long firstOffset() {
    return joined.firstOffset();
  }

  /** Adds a part; read {@link #joined()} when {@code line.partial()} is false. */
  public void add(CriLine line, long offset) {
    byte[] buf = line.source();
    if (!pending) {
      pending = true;
      joined.start(buf, line.timestampStart(), line.timestampLength(), offset);
    }
    joined.append(buf, line.bodyStart(), line.bodyLength(), -1);
    if (!line.partial()) {
      pending = false;
    }
  }

  public void reset() {
    pending = false;
  }

  /** The joined line; complete once {@link #pending()} is false. */
  public JoinedLine joined() {
    return joined;
  }
}
