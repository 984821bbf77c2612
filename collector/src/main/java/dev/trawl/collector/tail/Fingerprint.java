package dev.trawl.collector.tail;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.OptionalLong;
import net.openhft.hashing.LongHashFunction;

/**
 * The hash of a file's first line (at most {@value #MAX_BYTES} bytes). Together with device and
 * inode it tells a file apart from an earlier one that had the same inode; container runtimes
 * start every line with a nanosecond timestamp, so first lines differ.
 */
final class Fingerprint {
  static final int MAX_BYTES = 256;
  private static final LongHashFunction HASH = LongHashFunction.xx3();

  private Fingerprint() {}

  /** Empty while the file has neither a complete first line nor {@value #MAX_BYTES} bytes. */
  static OptionalLong read(FileChannel channel) throws IOException {
    ByteBuffer head = ByteBuffer.allocate(MAX_BYTES);
    int n = 0;
    while (head.hasRemaining()) {
      int r = channel.read(head, n);
      if (r <= 0) {
        break;
      }
      n += r;
    }
    for (int i = 0; i < n; i++) {
      if (head.get(i) == '\n') {
        return OptionalLong.of(HASH.hashBytes(head, 0, i + 1));
      }
    }
    return n == MAX_BYTES ? OptionalLong.of(HASH.hashBytes(head, 0, n)) : OptionalLong.empty();
  }
}
