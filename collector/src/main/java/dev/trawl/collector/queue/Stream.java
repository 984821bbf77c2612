package dev.trawl.collector.queue;

/** Which index a queued document goes to. */
public enum Stream {
  LOGS,
  METRICS
}
