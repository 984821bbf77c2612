package dev.trawl.collector.ship;

import dev.trawl.collector.queue.QueuedDocument;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The shipper's named events: each writes (at most) one log line and moves one metric. */
public final class ShipperEvents {
  private static final Logger LOG = LoggerFactory.getLogger(ShipperEvents.class);
  private static final long POISON_LOG_INTERVAL_NANOS = 60_000_000_000L;

  private final MeterRegistry registry;
  private final Counter delivered;
  private final Counter poison;
  private final Counter retries;
  private final Timer deliveryDelay;
  /** Line time of the oldest document not yet acknowledged; 0 when none is in flight. */
  private final AtomicLong oldestInFlightMillis = new AtomicLong();
  private final AtomicLong lastPoisonLog = new AtomicLong(System.nanoTime() - POISON_LOG_INTERVAL_NANOS);

  public ShipperEvents(MeterRegistry registry) {
    this.registry = registry;
    delivered = Counter.builder("trawl.shipper.docs.delivered")
        .description("Documents the indexer stored, or had stored before (409)").register(registry);
    poison = Counter.builder("trawl.shipper.poison.records")
        .description("Documents the indexer rejected as bad (400), skipped").register(registry);
    retries = Counter.builder("trawl.shipper.retries")
        .description("Bulk requests or items sent again after a retryable failure").register(registry);
    deliveryDelay = Timer.builder("trawl.shipper.delivery.delay")
        .description("From a line's own timestamp to the indexer's acknowledgement of its document")
        .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(10)).maximumExpectedValue(Duration.ofHours(1))
        .register(registry);
    Gauge.builder("trawl.shipper.oldest.unacknowledged.age", oldestInFlightMillis,
            t -> t.get() == 0 ? 0 : Math.max(0, System.currentTimeMillis() - t.get()) / 1000.0)
        .baseUnit("seconds").description("Age, by its line's timestamp, of the oldest document not yet acknowledged"
            + " by the indexer (the first of the leading batch in flight); 0 when nothing is in flight").register(registry);
  }

  /** The oldest document not yet acknowledged is now {@code doc} (the first of the leading batch in flight), or none. */
  void oldestUnacknowledged(QueuedDocument doc) {
    if (doc == null) {
      oldestInFlightMillis.set(0);
      return;
    }
    long millis = LineTime.epochMillis(doc.source());
    oldestInFlightMillis.set(millis < 0 ? System.currentTimeMillis() : millis);
  }

  /** The batch is acknowledged: each delivered document's delay since its line was written. */
  void acknowledged(List<QueuedDocument> batch) {
    long now = System.currentTimeMillis();
    for (QueuedDocument doc : batch) {
      long millis = LineTime.epochMillis(doc.source());
      if (millis > 0) {
        deliveryDelay.record(Math.max(0, now - millis), TimeUnit.MILLISECONDS);
      }
    }
  }

  void batch(String outcome) {
    Counter.builder("trawl.shipper.batches").tag("outcome", outcome)
        .description("Bulk requests by outcome").register(registry).increment();
  }

  void delivered(int docs) {
    delivered.increment(docs);
  }

  void retry(String reason, long backoffMillis) {
    retries.increment();
    LOG.warn("ship retry in {} ms: {}", backoffMillis, reason);
  }

  void poison(String id, byte[] source, String error) {
    poison.increment();
    long now = System.nanoTime();
    long last = lastPoisonLog.get();
    if (now - last >= POISON_LOG_INTERVAL_NANOS && lastPoisonLog.compareAndSet(last, now)) {
      String sample = new String(source, 0, Math.min(source.length, 256), StandardCharsets.UTF_8);
      LOG.warn("ship poison record skipped id={} error={} sample={} (next ones counted in trawl_shipper_poison_records_total)",
          id, error, sample);
    }
  }
}
