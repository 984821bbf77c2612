package dev.trawl.collector.queue;

import dev.trawl.collector.record.DocumentId;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * The log documents that reached the queue after the last checkpoint before a crash: reading
 * again from the checkpoint produces them again, and this lets each through once at most — zero
 * times, since it is already queued. Empty (and free) once they have all come by. Not
 * thread-safe: the tailer's thread only.
 */
public final class ReplayGuard {
  private final Set<String> ids;
  private final Counter skipped;

  /** @param ids ids already in the queue, from {@link NodeQueue#logIdsAfter} */
  public ReplayGuard(Set<String> ids, MeterRegistry registry) {
    this.ids = ids;
    this.skipped = Counter.builder("trawl.collector.replay.skipped")
        .description("Lines read again after a restart and not queued again: they were queued before the crash")
        .register(registry);
  }

  /** True (and forgets the id) when the document of the line at {@code offset} is already in the queue. */
  public boolean alreadyQueued(DocumentId lineIds, long offset) {
    if (ids.isEmpty() || !ids.remove(new String(lineIds.of(offset), StandardCharsets.US_ASCII))) {
      return false;
    }
    skipped.increment();
    return true;
  }

  public int size() {
    return ids.size();
  }
}
