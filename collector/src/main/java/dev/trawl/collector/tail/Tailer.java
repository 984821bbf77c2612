package dev.trawl.collector.tail;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows every file the globs match, on one thread: discovers files by scanning, reads them in
 * turn so none starves the others, drains rotated files to their end, and checkpoints positions
 * the sinks call settled. Start with {@link #start()}, stop with {@link #close()}, which saves a
 * last checkpoint.
 */
public final class Tailer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Tailer.class);
  private static final long SCAN_NANOS = Duration.ofSeconds(1).toNanos();
  private static final long CHECKPOINT_NANOS = Duration.ofSeconds(1).toNanos();
  private static final long ROTATION_GRACE_NANOS = Duration.ofSeconds(5).toNanos();
  private static final long IDLE_PARK_NANOS = Duration.ofMillis(50).toNanos();

  private final PathGlobs globs;
  private final Checkpoints checkpoints;
  private final FileSinkFactory sinks;
  private final TailEvents events;
  private final int maxLineBytes;
  private final ByteBuffer buffer;
  private final Map<FileKey, TailedFile> files = new LinkedHashMap<>();
  private final Thread thread;
  private volatile boolean running = true;
  private volatile boolean started;
  private long lastScan = Long.MIN_VALUE / 2;
  private long lastCheckpoint = System.nanoTime();

  public Tailer(PathGlobs globs, Checkpoints checkpoints, FileSinkFactory sinks, TailEvents events,
      int maxLineBytes) {
    this.globs = globs;
    this.checkpoints = checkpoints;
    this.sinks = sinks;
    this.events = events;
    this.maxLineBytes = maxLineBytes;
    this.buffer = ByteBuffer.allocate(Math.max(64 * 1024, maxLineBytes + 1));
    this.thread = new Thread(this::run, "trawl-tail");
  }

  public void start() {
    thread.start();
  }

  /** True once the first scan ran. */
  public boolean started() {
    return started;
  }

  private void run() {
    while (running) {
      boolean progressed = false;
      try {
        long now = System.nanoTime();
        if (now - lastScan >= SCAN_NANOS) {
          scan(now);
          lastScan = now;
          started = true;
        }
        progressed = readAll();
        if (now - lastCheckpoint >= CHECKPOINT_NANOS) {
          checkpoint();
          lastCheckpoint = now;
        }
      } catch (RuntimeException e) {
        LOG.error("tail loop failed, continuing: {}", e.toString(), e);
      }
      if (!progressed) {
        LockSupport.parkNanos(IDLE_PARK_NANOS);
      }
    }
  }

  private void scan(long now) {
    Set<FileKey> present = new HashSet<>();
    Map<FileKey, Path> fresh = new HashMap<>();
    for (Path path : globs.list()) {
      try {
        FileKey key = FileKey.of(path);
        if (present.add(key)) {
          TailedFile known = files.get(key);
          if (known == null) {
            fresh.put(key, path);
          } else if (!known.path().equals(path) && !known.isRotated()) {
            known.renamedTo(path);
          }
        }
      } catch (IOException e) {
        // Gone between listing and stat; the next scan settles it.
      }
    }
    for (TailedFile file : files.values()) {
      if (!present.contains(file.key())) {
        file.markRotated(now);
      }
    }
    fresh.forEach((key, path) -> {
      try {
        files.put(key, TailedFile.open(path, key, checkpoints, sinks, events));
      } catch (IOException e) {
        events.failed(path, "open", e);
      }
    });
  }

  private boolean readAll() {
    boolean progressed = false;
    long now = System.nanoTime();
    for (Iterator<TailedFile> it = files.values().iterator(); it.hasNext(); ) {
      TailedFile file = it.next();
      try {
        progressed |= file.readSome(buffer, maxLineBytes);
        file.idle(now);
        if (file.drained(now, ROTATION_GRACE_NANOS)) {
          it.remove();
          checkpoints.remove(file.key());
          file.close();
        }
      } catch (IOException e) {
        events.failed(file.path(), "read", e);
      }
    }
    return progressed;
  }

  private void checkpoint() {
    for (TailedFile file : files.values()) {
      if (file.identity() != null) {
        checkpoints.put(file.identity(), file.settledOffset(), file.path());
      }
    }
    try {
      checkpoints.save();
    } catch (IOException e) {
      LOG.warn("checkpoint save failed: {}", e.toString());
    }
  }

  @Override
  public void close() throws IOException {
    running = false;
    try {
      thread.join(Duration.ofSeconds(10).toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    for (TailedFile file : files.values()) {
      file.flush();
    }
    checkpoint();
    for (TailedFile file : files.values()) {
      file.close();
    }
    files.clear();
  }
}
