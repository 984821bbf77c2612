package dev.trawl.collector.ship;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trawl.collector.queue.QueuedDocument;
import dev.trawl.collector.queue.Stream;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ShipperEventsTest {
  private static QueuedDocument doc(String source) {
    return new QueuedDocument(1, 0, Stream.LOGS, "id", source.getBytes(StandardCharsets.UTF_8), source.length());
  }

  @Test
  void readsTheLineTimeDocumentsOpenWith() {
    assertEquals(Instant.parse("2026-11-22T08:01:20.123456789Z").toEpochMilli(),
        LineTime.epochMillis(doc("{\"@timestamp\":\"2026-11-22T08:01:20.123456789Z\",\"message\":\"x\"}").source()));
    assertEquals(Instant.parse("2026-11-22T07:01:20Z").toEpochMilli(),
        LineTime.epochMillis(doc("{\"@timestamp\":\"2026-11-22T08:01:20+01:00\"}").source()));
    assertEquals(-1, LineTime.epochMillis(doc("{\"message\":\"no time\"}").source()));
    assertEquals(-1, LineTime.epochMillis(doc("{\"@timestamp\":\"yesterday\"}").source()));
    assertEquals(-1, LineTime.epochMillis(doc("{\"@timestamp\":\"2026-11-22T08:01:20.123456789Z").source()), "unterminated");
  }

  @Test
  void theOldestInFlightAgesUntilAcknowledgedThenTheDelaysAreRecorded() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    ShipperEvents events = new ShipperEvents(registry);
    Instant written = Instant.now().minusSeconds(30);
    List<QueuedDocument> batch = List.of(doc("{\"@timestamp\":\"" + written + "\"}"),
        doc("{\"@timestamp\":\"" + written.plusSeconds(10) + "\"}"), doc("{\"message\":\"no time\"}"));
    double idle = registry.get("trawl.shipper.oldest.unacknowledged.age").gauge().value();
    assertEquals(0.0, idle, "nothing in flight");
    events.oldestUnacknowledged(batch.get(0));
    assertTrue(registry.get("trawl.shipper.oldest.unacknowledged.age").gauge().value() >= 30);
    events.acknowledged(batch);
    events.oldestUnacknowledged(null);
    assertEquals(0.0, registry.get("trawl.shipper.oldest.unacknowledged.age").gauge().value());
    Timer delay = registry.get("trawl.shipper.delivery.delay").timer();
    assertEquals(2, delay.count(), "documents without a time are not counted");
    assertTrue(delay.max(TimeUnit.SECONDS) >= 30, "max " + delay.max(TimeUnit.SECONDS));
    assertTrue(delay.totalTime(TimeUnit.SECONDS) >= 50, "30 s and 20 s");
  }
}
