package dev.trawl.testing;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;

/**
 * Waits, bounded, for a condition that another thread or process makes true; the failure says
 * what was awaited and what was last seen. Use it instead of sleeping a fixed time.
 */
public final class Await {
  private static final long POLL_NANOS = Duration.ofMillis(20).toNanos();

  private Await() {}

  /** Polls {@code probe} until {@code done} accepts its value; returns that value. */
  public static <T> T until(String what, Duration timeout, Callable<T> probe, Predicate<T> done) {
    long deadline = System.nanoTime() + timeout.toNanos();
    T last = null;
    Exception lastError = null;
    while (true) {
      try {
        last = probe.call();
        lastError = null;
        if (done.test(last)) {
          return last;
        }
      } catch (Exception e) {
        lastError = e;
      }
      if (System.nanoTime() > deadline) {
        AssertionError failure = new AssertionError("timed out after " + timeout + " waiting for " + what
            + "; last seen: " + (lastError != null ? lastError : last));
        if (lastError != null) {
          failure.initCause(lastError);
        }
        throw failure;
      }
      LockSupport.parkNanos(POLL_NANOS);
    }
  }

  /** Polls {@code condition} until it is true. */
  public static void until(String what, Duration timeout, Callable<Boolean> condition) {
    until(what, timeout, condition, Boolean.TRUE::equals);
  }
}
