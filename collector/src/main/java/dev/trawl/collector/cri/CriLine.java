package dev.trawl.collector.cri;

/**
 * One decoded container log line, as positions into {@link #source()}: the caller's buffer for a
 * CRI line, the decoder's own for a docker json-file line whose body had to be unescaped. Reused
 * from line to line so decoding allocates nothing. Not thread-safe.
 */
public final class CriLine {
  /** Which output stream a line was written to. */
  public enum Stream {
    STDOUT("stdout"),
    STDERR("stderr");

    private final String label;

    Stream(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }

  byte[] source;
  int timestampStart;
  int timestampLength;
  Stream stream;
  boolean partial;
  int bodyStart;
  int bodyLength;

  /** The bytes the timestamp and body positions refer to. */
  public byte[] source() {
    return source;
  }

  public int timestampStart() {
    return timestampStart;
  }

  public int timestampLength() {
    return timestampLength;
  }

  public Stream stream() {
    return stream;
  }

  /** The runtime split this line ({@code P}); later parts follow up to a final ({@code F}) one. */
  public boolean partial() {
    return partial;
  }

  public int bodyStart() {
    return bodyStart;
  }

  public int bodyLength() {
    return bodyLength;
  }
}
