package dev.trawl.collector.tail;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wakes the tailer when a file appears in, or leaves, a watched directory: inotify on Linux,
 * through the JDK's WatchService. Only directory entries are watched, not writes, so a busy file
 * costs nothing here. When a directory cannot be watched (the inotify watch limit, say) the
 * tailer's periodic scan still finds its files; that is logged once. Not thread-safe: the
 * tailer's thread only.
 */
final class DirectoryWatch implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DirectoryWatch.class);

  private final WatchService service;
  private final Map<Path, WatchKey> keys = new HashMap<>();
  private boolean limitLogged;

  DirectoryWatch() {
    WatchService s;
    try {
      s = FileSystems.getDefault().newWatchService();
    } catch (IOException | UnsupportedOperationException e) {
      LOG.warn("tail directory watch unavailable, new files are found by the periodic scan only: {}", e.toString());
      s = null;
    }
    this.service = s;
  }

  /** Watches exactly these directories from now on. */
  void watch(Set<Path> directories) {
    if (service == null) {
      return;
    }
    for (Iterator<Map.Entry<Path, WatchKey>> it = keys.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<Path, WatchKey> e = it.next();
      if (!directories.contains(e.getKey()) || !e.getValue().isValid()) {
        e.getValue().cancel();
        it.remove();
      }
    }
    for (Path dir : directories) {
      if (keys.containsKey(dir)) {
        continue;
      }
      try {
        keys.put(dir, dir.register(service, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_DELETE));
      } catch (IOException e) {
        if (!limitLogged) {
          limitLogged = true;
          LOG.warn("tail cannot watch {} ({}); its new files are found by the periodic scan", dir, e.toString());
        }
      } catch (ClosedWatchServiceException e) {
        return;
      }
    }
  }

  /**
   * Waits up to {@code nanos} for a directory change.
   *
   * @return true when something changed (the pending events are consumed)
   */
  boolean await(long nanos) throws InterruptedException {
    if (service == null) {
      TimeUnit.NANOSECONDS.sleep(nanos);
      return false;
    }
    try {
      WatchKey key = nanos > 0 ? service.poll(nanos, TimeUnit.NANOSECONDS) : service.poll();
      boolean changed = false;
      while (key != null) {
        key.pollEvents();
        key.reset();
        changed = true;
        key = service.poll();
      }
      return changed;
    } catch (ClosedWatchServiceException e) {
      return false;
    }
  }

  int watched() {
    return keys.size();
  }

  @Override
  public void close() throws IOException {
    if (service != null) {
      service.close();
    }
  }
}
