package dev.trawl.collector.tail;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
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
  private record Dormant(Path path, long size, long modifiedMillis) {
    boolean changed(FileStat stat) {
      return stat.size() != size || stat.modifiedMillis() != modifiedMillis;
    }
  }

  private final PathGlobs globs;
  private final Checkpoints checkpoints;
  private final FileSinkFactory sinks;
  private final TailEvents events;
  private final TailSettings settings;
  private final Handoff handoff;
  private final ByteBuffer buffer;
  private final Map<FileKey, TailedFile> files = new LinkedHashMap<>();
  private final Map<FileKey, Dormant> dormant = new HashMap<>();
  private final DirectoryWatch watch = new DirectoryWatch();
  /** Rotated copies changed before this (epoch millis) and never read are history from before this run's view. */
  private final long since;
  /** When the last scan began (epoch millis): a rotated file changed before it has been listed. */
  private long lastScanMillis;
  private final Thread thread;
  private volatile boolean running = true;
  private volatile boolean started;
  private long lastScan = Long.MIN_VALUE / 2;
  private long lastCheckpoint = System.nanoTime();
  private boolean directoriesChanged;

  /**
   * @param handoff makes the sinks' lines durable after each pass and tells where the pipeline
   *     stands; saved with the offsets, so a restart knows what was handed on after them
   */
  public Tailer(PathGlobs globs, Checkpoints checkpoints, FileSinkFactory sinks, TailEvents events,
      TailSettings settings, Handoff handoff) {
    this.globs = globs;
    this.checkpoints = checkpoints;
    this.sinks = sinks;
    this.events = events;
    this.settings = settings;
    this.handoff = handoff;
    this.since = checkpoints.savedMillis();
    this.lastScanMillis = since;
    this.buffer = ByteBuffer.allocate(Math.max(64 * 1024, settings.maxLineBytes() + 2));
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
    long startedMillis = System.currentTimeMillis();
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
        } else if (sleeping == null || sleeping.changed(stat)) {
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
    Set<FileKey> rotated = new HashSet<>();
    for (Path path : listing.rotated()) {
      FileStat stat = statOrNull(path);
      if (stat != null && !present.contains(stat.key()) && rotated.add(stat.key())) {
        considerRotated(path, stat, now);
      }
    }
    Map<FileKey, Dormant> away = new HashMap<>();
    for (Iterator<Map.Entry<FileKey, Dormant>> it = dormant.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<FileKey, Dormant> e = it.next();
      if (!present.contains(e.getKey()) && !rotated.contains(e.getKey())) {
        it.remove();
        away.put(e.getKey(), e.getValue());
      }
    }
    // after the walk over the dormant files: waking one may put it back to sleep
    away.forEach((key, sleeping) -> wakeRenamed(key, sleeping, now));
    fresh.forEach((key, path) -> open(key, path));
    lastScanMillis = startedMillis;
  }

  /**
   * A rotated copy beside a tailed file (kubelet's {@code 0.log.<time>}): one being drained follows
   * its name; one read before, or left unread from before the last checkpoint, waits until it
   * changes; one that appeared since — written and rotated between two scans, or while the
   * collector was down — is read from its checkpoint or from its start, unless its first line
   * shows it is a copy of a file already read (copytruncate).
   */
  private void considerRotated(Path path, FileStat stat, long now) {
    FileKey key = stat.key();
    TailedFile known = files.get(key);
    if (known != null) {
      known.renamedTo(path);
      return;
    }
    Dormant sleeping = dormant.get(key);
    if (sleeping != null && !sleeping.changed(stat)) {
      return;
    }
    dormant.remove(key);
    OptionalLong firstLine;
    try {
      firstLine = firstLineFingerprint(path);
    } catch (IOException e) {
      dormant.put(key, new Dormant(path, stat.size(), stat.modifiedMillis()));
      return;
    }
    if (firstLine.isEmpty()) {
      return; // no first line yet (a copy being written): decided by a later scan
    }
    long fingerprint = firstLine.getAsLong();
    // the checkpoint's entry must be this file's, not that of an earlier file whose inode it reuses
    boolean checkpointed = checkpoints.find(key, fingerprint).isPresent();
    boolean unseen = !checkpointed && stat.modifiedMillis() >= since;
    if (checkpointed || (unseen && !isCopyOfKnown(fingerprint))) {
      TailedFile file = openOrNull(key, path);
      if (file != null) {
        file.markRotated(now);
        return;
      }
    }
    dormant.put(key, new Dormant(path, stat.size(), stat.modifiedMillis()));
  }

  private static OptionalLong firstLineFingerprint(Path path) throws IOException {
    try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
      return Fingerprint.read(channel);
    }
  }

  /** Whether a file with this first line was read before. */
  private boolean isCopyOfKnown(long fingerprint) {
    return checkpoints.knows(fingerprint)
        || files.values().stream().anyMatch(f -> f.identity() != null && f.identity().fingerprint() == fingerprint);
  }

  private TailedFile openOrNull(FileKey key, Path path) {
    try {
      TailedFile file = TailedFile.open(path, key, checkpoints, sinks, events);
      if (file != null) {
        files.put(key, file);
      }
      return file;
    } catch (IOException e) {
      events.failed(path, "open", e);
      return null;
    }
  }

  /** Opens a file found by a scan; when it was renamed away before the open, it is drained from its new name. */
  private void open(FileKey key, Path path) {
    try {
      TailedFile file = TailedFile.open(path, key, checkpoints, sinks, events);
      if (file != null) {
        files.put(key, file);
      } else if (!openRenamed(key, path.getParent())) {
        checkpoints.remove(key);
      }
    } catch (IOException e) {
      events.failed(path, "open", e);
    }
  }

  /**
   * A dormant file left the listing: renamed in its directory (kubelet's rotation) after it was
   * closed idle, or a rotated copy whose file is away for a moment (renamed, its successor not yet
   * written). When it changed since, it is taken as any rotated file is ({@link #considerRotated}):
   * read on from its own checkpoint, or from its start only when it is new and no copy of a file
   * already read; otherwise only its checkpoint goes.
   */
  private void wakeRenamed(FileKey key, Dormant sleeping, long now) {
    Path renamed = siblingWithKey(key, sleeping.path().getParent());
    FileStat stat = renamed == null ? null : statOrNull(renamed);
    if (stat != null && stat.key().equals(key) && sleeping.changed(stat)) {
      considerRotated(renamed, stat, now);
    } else {
      checkpoints.remove(key);
    }
  }

  /** Opens the file with {@code key}, renamed in {@code dir} since it was found, to be drained; true when it was. */
  private boolean openRenamed(FileKey key, Path dir) {
    Path renamed = siblingWithKey(key, dir);
    TailedFile file = renamed == null ? null : openOrNull(key, renamed);
    if (file == null) {
      return false;
    }
    file.markRotated(System.nanoTime());
    return true;
  }

  /** The entry of {@code dir} that is the file with {@code key} (a rotation renames in place), or null. */
  private static Path siblingWithKey(FileKey key, Path dir) {
    try (var siblings = Files.list(dir)) {
      for (Path candidate : (Iterable<Path>) siblings::iterator) {
        FileStat stat = PathGlobs.isCompressed(candidate) ? null : statOrNull(candidate);
        if (stat != null && stat.key().equals(key)) {
          return candidate;
        }
      }
    } catch (IOException | java.io.UncheckedIOException e) {
      // The directory or the file is gone with its pod: nothing left to read.
    }
    return null;
  }

  private static FileStat statOrNull(Path path) {
    try {
      return FileStat.of(path);
    } catch (IOException e) {
      return null;
    }
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
          putToSleep(file);
        } else if (file.idleFor(now, idleNanos)) {
          it.remove();
          putToSleep(file);
        }
      } catch (IOException e) {
        events.failed(file.path(), "read", e);
      }
    }
    handoff.passEnded();
    return progressed;
  }

  /** Hands on what the sink holds, records where the file stands, and lets go of it. */
  private void putToSleep(TailedFile file) throws IOException {
    file.flush();
    save(file);
    file.close();
    FileStat stat = statOrNull(file.path());
    if (stat == null || !stat.key().equals(file.key())) {
      // Gone as it was closed: nothing to wake up for.
      checkpoints.remove(file.key());
    } else {
      dormant.put(file.key(), new Dormant(file.path(), stat.size(), stat.modifiedMillis()));
      if (!file.isRotated()) {
        events.idleClosed(file.path());
      }
    }
  }

  private void save(TailedFile file) {
    if (file.identity() != null) {
      long settled = file.settledOffset();
      checkpoints.put(file.identity(), settled, file.path(), file.handedOnAbove(settled));
    }
  }

  private void checkpoint() {
    handoff.passEnded();
    long mark = handoff.mark();
    for (TailedFile file : files.values()) {
      save(file);
      try {
        events.lag(file.lag());
      } catch (IOException e) {
        // A file closing under us has no lag worth reporting.
      }
    }
    try {
      // not the time of saving: a file rotated between the last scan and now has not been listed,
      // and after a restart it must not look like history from before this run
      checkpoints.save(mark, lastScanMillis);
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
