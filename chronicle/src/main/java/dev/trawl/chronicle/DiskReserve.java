package dev.trawl.chronicle;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The free space a queue keeps in reserve on its file system. A Chronicle Queue writes through
 * memory-mapped files, where running out of disk is not an {@code IOException} but a fault the JVM
 * cannot recover from; so writers stop short of it: {@link #low()} turns true while the usable
 * space is under the reserve and false once it is back, logging each turn once. The file system
 * is asked at most every {@value #CHECK_INTERVAL_MILLIS} ms, so a writer may ask per record.
 * Thread-safe.
 */
public final class DiskReserve {
  private static final Logger LOG = LoggerFactory.getLogger(DiskReserve.class);
  static final long CHECK_INTERVAL_MILLIS = 250;

  /** Reads the usable bytes of a file system; tests stand in for a real disk with it. */
  @FunctionalInterface
  public interface Probe {
    long usableBytes() throws IOException;
  }

  private final String what;
  private final long reserveBytes;
  private final Probe probe;
  private volatile long nextCheckNanos;
  private volatile long usableBytes = Long.MAX_VALUE;
  private volatile boolean low;
  private boolean probeFailing;

  /**
   * @param what the queue's name and directory, for the log lines
   * @param reserveBytes usable bytes under which {@link #low()} says true; 0 never does
   */
  public DiskReserve(String what, long reserveBytes, Probe probe) {
    this.what = what;
    this.reserveBytes = reserveBytes;
    this.probe = probe;
  }

  /** A reserve on the file system holding {@code dir}, which must exist. */
  public static DiskReserve of(String what, Path dir, long reserveBytes) throws IOException {
    FileStore store = Files.getFileStore(dir);
    return new DiskReserve(what, reserveBytes, store::getUsableSpace);
  }

  /** True while the file system has less than the reserve free. */
  public boolean low() {
    if (System.nanoTime() - nextCheckNanos >= 0) {
      check();
    }
    return low;
  }

  /** Usable bytes at the last check, for a gauge; NaN when the file system cannot say. */
  public double usableBytes() {
    low();
    return usableBytes == Long.MAX_VALUE ? Double.NaN : usableBytes;
  }

  private synchronized void check() {
    long now = System.nanoTime();
    if (now - nextCheckNanos < 0) {
      return;
    }
    nextCheckNanos = now + TimeUnit.MILLISECONDS.toNanos(CHECK_INTERVAL_MILLIS);
    long usable;
    try {
      usable = probe.usableBytes();
      probeFailing = false;
    } catch (IOException e) {
      if (!probeFailing) {
        LOG.warn("{}: free space unknown ({}); writing on", what, e.toString());
        probeFailing = true;
      }
      usable = Long.MAX_VALUE;
    }
    usableBytes = usable;
    boolean nowLow = usable < reserveBytes;
    if (nowLow && !low) {
      LOG.warn("{}: disk nearly full, {} bytes free, under the reserve of {}: writes wait until space returns",
          what, usable, reserveBytes);
    } else if (!nowLow && low) {
      LOG.info("{}: disk space back, {} bytes free: writes go on", what, usable);
    }
    low = nowLow;
  }
}
