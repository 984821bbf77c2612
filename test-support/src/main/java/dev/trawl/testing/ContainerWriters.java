package dev.trawl.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.IntPredicate;
import java.util.zip.GZIPOutputStream;

/**
 * Plays container runtimes and kubelet under {@code <root>/<ns>_<pod>_<uid>/app/}: each container
 * appends numbered lines ({@code line c<container> s<segment> n<seq> <padding>}) — CRI lines with
 * stdout and stderr mixed and some split into {@code P}/{@code F} parts, or docker json-file
 * records — and between lines rotates as kubelet does: rename to {@code <n>.log.<stamp>} and go on
 * in a new {@code <n>.log}, gzip-and-delete rotated files older than a second, restart the container
 * into {@code <n+1>.log}, or (when allowed) copytruncate. Every write goes straight to the file, so
 * a reader in another process sees it. Not thread-safe: one writer thread.
 */
public final class ContainerWriters {
  /** How a file is rotated. */
  public enum Rotation { RENAME, COPYTRUNCATE, RESTART }

  private final class Container {
    final int number;
    final Path dir;
    final boolean docker;
    int restarts;
    int segment;
    long seq;
    int rotations;
    /** Rotated files not yet compressed, oldest first, with when they were rotated (nanoTime). */
    final java.util.ArrayDeque<Object[]> uncompressed = new java.util.ArrayDeque<>();
    FileChannel out;

    Container(int number, Path dir, boolean docker) {
      this.number = number;
      this.dir = dir;
      this.docker = docker;
    }

    Path current() {
      return dir.resolve(restarts + ".log");
    }
  }

  /**
   * Kubelet compresses a rotated file at a later 10 s check at the earliest; one second keeps the
   * torture far faster than that while leaving a scan the time to see every file.
   */
  private static final Duration COMPRESS_AFTER = Duration.ofSeconds(1);

  private final List<Container> containers = new ArrayList<>();
  private final Random random;
  private final List<Rotation> rotations;
  private final long compressAfterNanos;
  private final String padding = "x".repeat(300);
  private long written;

  /**
   * @param dockerContainers how many of the containers write docker json-file records
   * @param rotations the rotation kinds to play
   */
  public ContainerWriters(Path root, int count, int dockerContainers, long seed, List<Rotation> rotations) throws IOException {
    this(root, count, dockerContainers, seed, rotations, COMPRESS_AFTER);
  }

  /** @param compressAfter how long a renamed file stays before it is gzipped and deleted */
  public ContainerWriters(Path root, int count, int dockerContainers, long seed, List<Rotation> rotations,
      Duration compressAfter) throws IOException {
    this.random = new Random(seed);
    this.rotations = rotations;
    this.compressAfterNanos = compressAfter.toNanos();
    for (int c = 0; c < count; c++) {
      Path dir = Files.createDirectories(root.resolve("torture_pod-" + c + "_uid-" + c + "/app"));
      containers.add(new Container(c, dir, c < dockerContainers));
    }
  }

  /**
   * Writes one line to a random container, rotating first with probability {@code rotateEvery}⁻¹.
   *
   * @param mayCopytruncate asked before a copytruncate of a container (the copy is not read, so
   *     the caller lets it happen only when the reader has read that container's every line)
   */
  public void step(int rotateEvery, IntPredicate mayCopytruncate) throws IOException {
    Container c = containers.get(random.nextInt(containers.size()));
    if (c.out != null && random.nextInt(rotateEvery) == 0) {
      rotate(c, rotations.get(random.nextInt(rotations.size())), mayCopytruncate);
    }
    if (c.out == null) {
      c.out = FileChannel.open(c.current(), StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    }
    String body = "line c" + c.number + " s" + c.segment + " n" + c.seq + " " + padding.substring(random.nextInt(padding.length()));
    String stream = random.nextInt(5) == 0 ? "stderr" : "stdout";
    String time = "2026-11-23T12:00:00." + String.format("%09d", c.seq % 1_000_000_000L) + "Z";
    String text;
    if (c.docker) {
      text = "{\"log\":\"" + body + "\\n\",\"stream\":\"" + stream + "\",\"time\":\"" + time + "\"}\n";
    } else if (random.nextInt(20) == 0) {
      int cut = 1 + random.nextInt(body.length() - 1);
      text = time + " " + stream + " P " + body.substring(0, cut) + "\n" + time + " " + stream + " F " + body.substring(cut) + "\n";
    } else {
      text = time + " " + stream + " F " + body + "\n";
    }
    ByteBuffer bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
    while (bytes.hasRemaining()) {
      c.out.write(bytes);
    }
    c.seq++;
    written++;
  }

  private void rotate(Container c, Rotation kind, IntPredicate mayCopytruncate) throws IOException {
    if (kind == Rotation.COPYTRUNCATE && !mayCopytruncate.test(c.number)) {
      kind = Rotation.RENAME;
    }
    c.rotations++;
    c.segment++;
    switch (kind) {
      case RENAME -> {
        c.out.close();
        c.out = null;
        while (!c.uncompressed.isEmpty() && System.nanoTime() - (long) c.uncompressed.peek()[1] > compressAfterNanos) {
          gzipAndDelete((Path) c.uncompressed.poll()[0]);
        }
        Path rotated = c.dir.resolve(c.restarts + ".log." + c.rotations);
        Files.move(c.current(), rotated);
        c.uncompressed.add(new Object[] {rotated, System.nanoTime()});
      }
      case COPYTRUNCATE -> {
        Files.copy(c.current(), c.dir.resolve(c.restarts + ".log.copy" + c.rotations));
        c.out.truncate(0);
      }
      case RESTART -> {
        c.out.close();
        c.out = null;
        c.restarts++;
      }
    }
  }

  private static void gzipAndDelete(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file);
        OutputStream out = new GZIPOutputStream(Files.newOutputStream(file.resolveSibling(file.getFileName() + ".gz")))) {
      in.transferTo(out);
    }
    Files.delete(file);
  }

  public long written() {
    return written;
  }

  /** Lines written so far to one container. */
  public long written(int container) {
    return containers.get(container).seq;
  }

  public int containers() {
    return containers.size();
  }

  /** Lines written per container, by container number. */
  public long[] perContainer() {
    return containers.stream().mapToLong(c -> c.seq).toArray();
  }

  public void close() throws IOException {
    for (Container c : containers) {
      if (c.out != null) {
        c.out.close();
      }
    }
  }
}
