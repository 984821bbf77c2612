package dev.trawl.collector.queue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * The last delivered document — its excerpt's queue index and its place in that excerpt — kept in
 * one small file replaced atomically (write, fsync, rename).
 */
final class AckFile {
  private final Path file;

  /**
   * @param ordinal the document's place in its excerpt: the documents up to it are delivered. A
   *     file from before batches holds the index alone, which stands for the whole excerpt.
   */
  record Mark(long index, int ordinal) {}

  AckFile(Path dir) {
    this.file = dir.resolve("shipper.ack");
  }

  Optional<Mark> read() throws IOException {
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    String text = Files.readString(file, StandardCharsets.US_ASCII).trim();
    try {
      int space = text.indexOf(' ');
      return Optional.of(space < 0 ? new Mark(Long.parseLong(text), Integer.MAX_VALUE)
          : new Mark(Long.parseLong(text.substring(0, space)), Integer.parseInt(text.substring(space + 1))));
    } catch (NumberFormatException e) {
      throw new IOException("ack file " + file + " holds '" + text + "', not a queue index and a place in its excerpt");
    }
  }

  void write(Mark mark) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING)) {
      ch.write(ByteBuffer.wrap((mark.index() + " " + mark.ordinal()).getBytes(StandardCharsets.US_ASCII)));
      ch.force(true);
    }
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }
}
