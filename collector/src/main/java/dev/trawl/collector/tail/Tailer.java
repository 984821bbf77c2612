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
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows every file the globs match, on one thread: discovers files when a watched directory
 * changes and by a periodic scan, reads them in turn so none starves the others, drains rotated
 * files to their end, closes files that stopped growing and reopens them when they grow, and
 * checkpoints positions the sinks call settled. Start with {@link #start()}, stop with
 * {@link #close()}, which saves a last checkpoint.
 */
public final class Tailer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Tailer.class);
  private static final long SCAN_NANOS = Duration.ofSeconds(1).toNanos();
  /** Directory events come in bursts (a rotation is a create and a rename); one scan answers a burst. */
  private static final long EVENT_SCAN_NANOS = Duration.ofMillis(20).toNanos();
  private static final long CHECKPOINT_NANOS = Duration.ofSeconds(1).toNanos();
  private static final long ROTATION_GRACE_NANOS = Duration.ofSeconds(5).toNanos();
  private static final long IDLE_WAIT_NANOS = Duration.ofMillis(50).toNanos();

  /** A file closed for being idle: reopened (from its checkpoint) once its size or time changes. */
  private record Dormant(long size, long modifiedMillis) {}

  private final PathGlobs globs;
  private final Checkpoints checkpoints;
  private final FileSinkFactory sinks;
  private final TailEvents events;
  private final TailSettings settings;
  private final LongSupplier pipelineMark;
  private final ByteBuffer buffer;
  private final Map<FileKey, TailedFile> files = new LinkedHashMap<>();
  private final Map<FileKey, Dormant> dormant = new HashMap<>();
  private final DirectoryWatch watch = new DirectoryWatch();
  private final Thread thread;
  private volatile boolean running = true;
  private volatile boolean started;
  private long lastScan = Long.MIN_VALUE / 2;
  private long lastCheckpoint = System.nanoTime();
  private boolean directoriesChanged;

  /**
   * @param pipelineMark where the pipeline stands (read on the tailer's thread when a checkpoint is
   *     taken); saved with the offsets, so a restart knows what was handed on after them
   */
  public Tailer(PathGlobs globs, Checkpoints checkpoints, FileSinkFactory sinks, TailEvents events,
      TailSettings settings, LongSupplier pipelineMark) {
    this.globs = globs;
    this.checkpoints = checkpoints;
    this.sinks = sinks;
    this.events = events;
    this.settings = settings;
    this.pipelineMark = pipelineMark;
    this.buffer = ByteBuffer.allocate(Math.max(64 * 1024, settings.maxLineBytes() + 1));
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
        if (now - lastScan >= SCAN_NANOS || (directoriesChanged && now - lastScan >= EVENT_SCAN_NANOS)) {
          directoriesChanged = false;
          scan(now);
          lastScan = now;
          started = true;
        }
        progressed = readAll();
        if (now - lastCheckpoint >= CHECKPOINT_NANOS) {
          checkpoint();
          lastCheckpoint = now;
        }
        directoriesChanged |= watch.await(progressed ? 0 : IDLE_WAIT_NANOS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        LOG.error("tail loop failed, continuing: {}", e.toString(), e);
      }
    }
  }

  private void scan(long now) {
    PathGlobs.Listing listing = globs.scan();
    watch.watch(listing.directories());
    Set<FileKey> present = new HashSet<>();
    Map<FileKey, Path> fresh = new HashMap<>();
    for (Path path : listing.files()) {
      try {
        FileStat stat = FileStat.of(path);
        FileKey key = stat.key();
        if (!present.add(key)) {
          continue;
        }
        TailedFile known = files.get(key);
        Dormant sleeping = dormant.get(key);
        if (known != null) {
          if (!known.path().equals(path) && !known.isRotated()) {
            known.renamedTo(path);
          }
        } else if (sleeping == null || sleeping.size() != stat.size() || sleeping.modifiedMillis() != stat.modifiedMillis()) {
          dormant.remove(key);
          fresh.put(key, path);
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
    for (Iterator<FileKey> it = dormant.keySet().iterator(); it.hasNext(); ) {
      FileKey key = it.next();
      if (!present.contains(key)) {
        it.remove();
        checkpoints.remove(key);
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
    long idleNanos = settings.idleTimeout().toNanos();
    for (Iterator<TailedFile> it = files.values().iterator(); it.hasNext(); ) {
      TailedFile file = it.next();
      try {
        progressed |= file.readSome(buffer, settings.maxLineBytes());
        file.idle(now);
        if (file.drained(now, ROTATION_GRACE_NANOS)) {
          it.remove();
          checkpoints.remove(file.key());
          file.close();
        } else if (file.idleFor(now, idleNanos)) {
          it.remove();
          putToSleep(file);
        }
      } catch (IOException e) {
        events.failed(file.path(), "read", e);
      }
    }
    return progressed;
  }

  /** Hands on what the sink holds, records where the file stands, and lets go of it. */
  private void putToSleep(TailedFile file) throws IOException {
    file.flush();
    save(file);
    file.close();
    try {
      FileStat stat = FileStat.of(file.path());
      dormant.put(file.key(), new Dormant(stat.size(), stat.modifiedMillis()));
      events.idleClosed(file.path());
    } catch (IOException e) {
      // Gone as it was closed: nothing to wake up for.
      checkpoints.remove(file.key());
    }
  }

  private void save(TailedFile file) {
    if (file.identity() != null) {
      long settled = file.settledOffset();
      checkpoints.put(file.identity(), settled, file.path(), file.handedOnAbove(settled));
    }
  }

  private void checkpoint() {
    long mark = pipelineMark.getAsLong();
    for (TailedFile file : files.values()) {
      save(file);
      try {
        events.lag(file.lag());
      } catch (IOException e) {
        // A file closing under us has no lag worth reporting.
      }
    }
    try {
      checkpoints.save(mark);
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
    watch.close();
  }
}
