package dev.trawl.collector.tail;

import dev.trawl.collector.bytes.ByteSearch;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.OptionalLong;

/**
 * One open file being read: its channel, its read position and its sink. The channel stays open
 * after a rename or a delete, so the file is read to its end through it. Not thread-safe.
 */
final class TailedFile implements AutoCloseable {
  private static final byte NEWLINE = '\n';
  private final FileChannel channel;
  private final FileKey key;
  private final Checkpoints checkpoints;
  private final FileSinkFactory sinks;
  private final TailEvents events;
  private Path path;
  /** Null until the file has a first line. */
  private FileIdentity identity;
  private FileSink sink;
  private long position;
  /** The identity before the last copytruncate, which the next one follows; null before any. */
  private FileIdentity previous;
  /** True while the rest of an over-long line is being skipped up to its newline. */
  private boolean skippingLongLine;
  private long rotatedAtNanos = -1;
  private long lastReadNanos = System.nanoTime();

  private TailedFile(FileChannel channel, Path path, FileKey key, Checkpoints checkpoints, FileSinkFactory sinks,
      TailEvents events) {
    this.channel = channel;
    this.path = path;
    this.key = key;
    this.checkpoints = checkpoints;
    this.sinks = sinks;
    this.events = events;
  }

  /**
   * Opens a file at once, so a rename or delete right after discovery cannot take lines away
   * unread. Its identity (and so its checkpoint and sink) is settled once it has a first line.
   *
   * @return null when the path no longer leads to the file with {@code key}
   */
  static TailedFile open(Path path, FileKey key, Checkpoints checkpoints, FileSinkFactory sinks, TailEvents events)
      throws IOException {
    FileChannel channel = FileChannel.open(path, StandardOpenOption.READ);
    if (!FileStat.of(path).key().equals(key)) {
      // Renamed away (and replaced) between the stat that found it and this open: the channel
      // holds the newcomer, which the next scan finds under its own key.
      channel.close();
      return null;
    }
    TailedFile file = new TailedFile(channel, path, key, checkpoints, sinks, events);
    try {
      file.identify();
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
    return file;
  }

  /** Settles the identity from the first line and resumes from a matching checkpoint; false while there is none. */
  private boolean identify() throws IOException {
    if (identity != null) {
      return true;
    }
    OptionalLong fingerprint = Fingerprint.read(channel);
    if (fingerprint.isEmpty()) {
      return false;
    }
    var saved = checkpoints.find(key, fingerprint.getAsLong());
    identity = saved.map(Checkpoints.Entry::identity)
        .orElse(previous != null ? previous.next(fingerprint.getAsLong()) : new FileIdentity(key, fingerprint.getAsLong(), 0));
    position = saved.map(Checkpoints.Entry::offset).orElse(0L);
    if (position > channel.size()) {
      position = 0;
      identity = identity.next(fingerprint.getAsLong());
    }
    sink = sinks.open(path, identity, saved.map(Checkpoints.Entry::handedOn).orElse(FileSink.NONE));
    events.opened(path, identity, position);
    return true;
  }

  /**
   * Reads what the buffer holds from the current position and hands complete lines to the sink.
   *
   * @return true when it made progress (more may be waiting)
   */
  boolean readSome(ByteBuffer buffer, int maxLineBytes) throws IOException {
    if (!identify()) {
      return false;
    }
    long size = channel.size();
    if (size < position) {
      restartAfterTruncation(size);
      return identify() && size > 0;
    }
    if (size <= position) {
      return false;
    }
    // A copytruncate between two reads, after which the file grew past the old position, shows as
    // a new first line, or (when the new first line happens to equal the old one) as a missing
    // newline just before the position. The newline alone is not enough: in a file of other
    // lines, one byte in a few hundred is a newline.
    if (position > 0 && !sameFirstLine(buffer)) {
      restartAfterTruncation(size);
      return identify();
    }
    int check = position > 0 && !skippingLongLine ? 1 : 0;
    long from = position - check;
    buffer.clear();
    int n = channel.read(buffer, from);
    if (n <= check) {
      return false;
    }
    byte[] bytes = buffer.array();
    if (check == 1 && bytes[0] != '\n') {
      restartAfterTruncation(size);
      return identify();
    }
    events.read(n - check);
    lastReadNanos = System.nanoTime();
    int lineStart = check;
    for (int i = ByteSearch.indexOf(bytes, check, n, NEWLINE); i >= 0; i = ByteSearch.indexOf(bytes, lineStart, n, NEWLINE)) {
      if (skippingLongLine) {
        skippingLongLine = false;
      } else {
        int len = i - lineStart;
        boolean cut = len > maxLineBytes;
        if (!sink.line(bytes, lineStart, cut ? maxLineBytes : len, from + lineStart, cut)) {
          position = from + lineStart;
          return lineStart > check;
        }
        if (cut) {
          events.lineTooLong(path, from + lineStart, maxLineBytes);
        }
      }
      lineStart = i + 1;
    }
    if (lineStart == check) {
      return skippingLongLine || n - check > maxLineBytes ? consumeLongLine(bytes, check, n - check, maxLineBytes) : false;
    }
    position = from + lineStart;
    return true;
  }

  private boolean sameFirstLine(ByteBuffer scratch) throws IOException {
    OptionalLong head = Fingerprint.read(channel, scratch);
    return head.isPresent() && head.getAsLong() == identity.fingerprint();
  }

  /** The buffer holds no newline and more than the limit: cut the line, skip the rest up to its newline. */
  private boolean consumeLongLine(byte[] bytes, int start, int n, int maxLineBytes) {
    if (!skippingLongLine) {
      if (!sink.line(bytes, start, maxLineBytes, position, true)) {
        return false;
      }
      events.lineTooLong(path, position, maxLineBytes);
      skippingLongLine = true;
    }
    position += n;
    return true;
  }

  /** Offsets start over: the next identity (and sink) waits for the new first line, as at discovery. */
  private void restartAfterTruncation(long size) {
    events.truncated(path, position, size);
    sink.flush();
    sink.reset();
    sink.close();
    sink = null;
    previous = identity;
    checkpoints.remove(key);
    checkpoints.retire(identity.fingerprint());
    identity = null;
    position = 0;
    skippingLongLine = false;
  }

  /** Marks the file as renamed or deleted away: it is read to its end, then let go. */
  void markRotated(long nowNanos) {
    if (rotatedAtNanos < 0) {
      rotatedAtNanos = nowNanos;
      events.rotatedAway(path);
    }
  }

  boolean isRotated() {
    return rotatedAtNanos >= 0;
  }

  /** A rotated file is let go once it is at its end and a grace period passed without growth. */
  boolean drained(long nowNanos, long graceNanos) throws IOException {
    return isRotated() && channel.size() <= position && nowNanos - rotatedAtNanos >= graceNanos;
  }

  /** True when the file is at its end and nothing was read from it for {@code timeoutNanos}. */
  boolean idleFor(long nowNanos, long timeoutNanos) throws IOException {
    return !isRotated() && nowNanos - lastReadNanos >= timeoutNanos && channel.size() <= position;
  }

  /** Bytes written and not yet read. */
  long lag() throws IOException {
    return Math.max(0, channel.size() - position);
  }

  void renamedTo(Path newPath) {
    path = newPath;
  }

  Path path() {
    return path;
  }

  FileKey key() {
    return key;
  }

  /** Null until the file has a first line. */
  FileIdentity identity() {
    return identity;
  }

  void idle(long nowNanos) {
    if (sink != null) {
      sink.idle(nowNanos);
    }
  }

  void flush() {
    if (sink != null) {
      sink.flush();
    }
  }

  long settledOffset() {
    return sink == null ? 0 : sink.settledOffset(position);
  }

  long[] handedOnAbove(long settledOffset) {
    return sink == null ? FileSink.NONE : sink.handedOnAbove(settledOffset);
  }

  @Override
  public void close() throws IOException {
    try {
      if (sink != null) {
        sink.close();
      }
    } finally {
      channel.close();
      events.closed(path, position);
    }
  }
}
