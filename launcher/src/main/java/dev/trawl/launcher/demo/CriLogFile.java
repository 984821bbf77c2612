package dev.trawl.launcher.demo;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.zip.GZIPOutputStream;

/**
 * A container's log file as kubelet and containerd keep it: CRI lines appended to
 * {@code <dir>/0.log}; past the size limit the file is renamed to {@code 0.log.<timestamp>},
 * a new {@code 0.log} is started, and the rotated file before it is gzipped and deleted. Lines
 * longer than the runtime's buffer are split into {@code P} parts and a final {@code F} part.
 * Not thread-safe.
 */
public final class CriLogFile implements AutoCloseable {
  /** containerd splits lines at 16 KiB. */
  static final int RUNTIME_LINE_BUFFER = 16 * 1024;
  private static final DateTimeFormatter RFC3339_NANO = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'")
      .withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter ROTATED = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss.SSS").withZone(ZoneOffset.UTC);

  private final Path dir;
  private final long maxBytes;
  private OutputStream out;
  private long size;
  private Path lastRotated;

  public CriLogFile(Path dir, long maxBytes) throws IOException {
    this.dir = dir;
    this.maxBytes = maxBytes;
    Files.createDirectories(dir);
    open();
  }

  private void open() throws IOException {
    Path file = dir.resolve("0.log");
    out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    size = Files.size(file);
  }

  /** Appends one line (split into partial lines when long) with the given timestamp. */
  public void write(Instant time, String stream, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    String prefix = RFC3339_NANO.format(time) + " " + stream + " ";
    int off = 0;
    do {
      int len = Math.min(RUNTIME_LINE_BUFFER, bytes.length - off);
      boolean last = off + len == bytes.length;
      byte[] head = (prefix + (last ? "F " : "P ")).getBytes(StandardCharsets.US_ASCII);
      out.write(head);
      out.write(bytes, off, len);
      out.write('\n');
      size += head.length + len + 1;
      off += len;
    } while (off < bytes.length);
    out.flush();
    if (size >= maxBytes) {
      rotate(time);
    }
  }

  private void rotate(Instant time) throws IOException {
    out.close();
    Path rotated = dir.resolve("0.log." + ROTATED.format(time));
    Files.move(dir.resolve("0.log"), rotated);
    if (lastRotated != null && Files.exists(lastRotated)) {
      gzipAndDelete(lastRotated);
    }
    lastRotated = rotated;
    open();
  }

  private static void gzipAndDelete(Path file) throws IOException {
    try (OutputStream gz = new GZIPOutputStream(Files.newOutputStream(file.resolveSibling(file.getFileName() + ".gz")))) {
      Files.copy(file, gz);
    }
    Files.delete(file);
  }

  @Override
  public void close() throws IOException {
    out.close();
  }
}
