package dev.trawl.collector.tail;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.OptionalLong;
import net.openhft.hashing.LongHashFunction;

/**
 * The hash of a file's first line (at most {@value #MAX_BYTES} bytes). It tells runs of offsets
 * apart — a file from an earlier one with the same inode, what follows a copytruncate from what
 * preceded it, one container's files from each other — because container runtimes stamp every
 * line with a nanosecond time: CRI at the line's start, docker json-file at its end (hence room
 * for a whole line rather than its first bytes).
 */
final class Fingerprint {
  static final int MAX_BYTES = 4096;
  private static final LongHashFunction HASH = LongHashFunction.xx3();

  private Fingerprint() {}

  /** Empty while the file has neither a complete first line nor {@value #MAX_BYTES} bytes. */
  static OptionalLong read(FileChannel channel) throws IOException {
    return read(channel, ByteBuffer.allocate(MAX_BYTES));
  }

  /** As {@link #read(FileChannel)}, reading into {@code scratch} (cleared; at least {@value #MAX_BYTES} bytes). */
  static OptionalLong read(FileChannel channel, ByteBuffer scratch) throws IOException {
    scratch.clear().limit(MAX_BYTES);
    int n = 0;
    while (scratch.hasRemaining()) {
      int r = channel.read(scratch, n);
      if (r <= 0) {
        break;
      }
      n += r;
    }
    for (int i = 0; i < n; i++) {
      if (scratch.get(i) == '\n') {
        return OptionalLong.of(HASH.hashBytes(scratch, 0, i + 1));
      }
    }
    return n == MAX_BYTES ? OptionalLong.of(HASH.hashBytes(scratch, 0, n)) : OptionalLong.empty();
  }
}
