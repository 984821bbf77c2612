package dev.trawl.collector.ship;

import java.util.concurrent.ThreadLocalRandom;

/** Exponential backoff with full jitter, capped, so many collectors do not retry in step. */
final class Backoff {
  private static final long BASE_MILLIS = 100;
  private static final long CAP_MILLIS = 30_000;

  private Backoff() {}

  /** Milliseconds to wait before attempt {@code attempt} (0-based), or the server's Retry-After. */
  static long delayMillis(int attempt, long retryAfterSeconds) {
    if (retryAfterSeconds > 0) {
      return Math.min(retryAfterSeconds * 1000, CAP_MILLIS * 4);
    }
    long ceiling = Math.min(CAP_MILLIS, BASE_MILLIS << Math.min(attempt, 20));
    return ThreadLocalRandom.current().nextLong(ceiling / 2, ceiling + 1);
  }
}
