package dev.trawl.collector.cri;

import dev.trawl.collector.bytes.ByteSearch;

/**
 * Decodes the line format container runtimes write under {@code /var/log/pods}:
 * {@code <RFC3339Nano timestamp> <stdout|stderr> <P|F>[:<more tags>] <body>}. Works on the bytes
 * in place and allocates nothing. Stateless and thread-safe.
 */
public final class CriDecoder {
  private CriDecoder() {}

  /**
   * @return true and fills {@code out} when the line has a valid CRI prefix; false otherwise (the
   *     caller keeps the whole line as a malformed record)
   */
  public static boolean decode(byte[] buf, int off, int len, CriLine out) {
    int end = off + len;
    int ts = off;
    int tsEnd = ByteSearch.indexOf(buf, ts, end, (byte) ' ');
    if (tsEnd < 0 || !Rfc3339.isValid(buf, ts, tsEnd - ts)) {
      return false;
    }
    int streamStart = tsEnd + 1;
    int streamEnd = ByteSearch.indexOf(buf, streamStart, end, (byte) ' ');
    if (streamEnd < 0) {
      return false;
    }
    CriLine.Stream stream = stream(buf, streamStart, streamEnd - streamStart);
    if (stream == null) {
      return false;
    }
    int tagStart = streamEnd + 1;
    if (tagStart >= end) {
      return false;
    }
    byte tag = buf[tagStart];
    if (tag != 'P' && tag != 'F') {
      return false;
    }
    int tagEnd = ByteSearch.indexOf(buf, tagStart, end, (byte) ' ');
    if (tagEnd < 0) {
      tagEnd = end; // an empty final line may come without the separating space
    } else if (tagEnd != tagStart + 1 && buf[tagStart + 1] != ':') {
      return false;
    }
    out.source = buf;
    out.timestampStart = ts;
    out.timestampLength = tsEnd - ts;
    out.stream = stream;
    out.partial = tag == 'P';
    out.bodyStart = Math.min(tagEnd + 1, end);
    out.bodyLength = end - out.bodyStart;
    return true;
  }

  private static CriLine.Stream stream(byte[] buf, int start, int len) {
    if (len != 6 || buf[start] != 's' || buf[start + 1] != 't' || buf[start + 2] != 'd') {
      return null;
    }
    if (buf[start + 3] == 'o' && buf[start + 4] == 'u' && buf[start + 5] == 't') {
      return CriLine.Stream.STDOUT;
    }
    if (buf[start + 3] == 'e' && buf[start + 4] == 'r' && buf[start + 5] == 'r') {
      return CriLine.Stream.STDERR;
    }
    return null;
  }
}
