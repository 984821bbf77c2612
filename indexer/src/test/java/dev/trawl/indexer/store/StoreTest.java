package dev.trawl.indexer.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trawl.indexer.wal.Wal;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreTest {
  private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");

  @TempDir Path dir;
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  private static byte[] doc(Instant at, String text) {
    return ("{\"@timestamp\":\"" + at + "\",\"message\":\"" + text + "\"}").getBytes(StandardCharsets.UTF_8);
  }

  private static List<String> names(Store store) {
    return store.resolve("*", Long.MIN_VALUE, Long.MAX_VALUE).stream().map(p -> p.name().toString()).sorted().toList();
  }

  @Test
  void retentionDeletesWholePartitionsByAgeThenOldestFirstBySize() throws Exception {
    try (Wal wal = new Wal(dir.resolve("wal"));
        Store store = new Store(dir, wal, 1000, Clock.fixed(NOW, ZoneOffset.UTC), registry)) {
      for (int daysAgo : new int[] {10, 3, 2, 0}) {
        for (int i = 0; i < 50; i++) {
          store.ingest("logs", "d" + daysAgo + "-" + i, true, doc(NOW.minus(Duration.ofDays(daysAgo)).plusSeconds(i), "x".repeat(200)));
        }
      }
      store.commit();
      assertEquals(List.of("logs-2026.11.13", "logs-2026.11.20", "logs-2026.11.21", "logs-2026.11.23"), names(store));

      store.applyRetention(Duration.ofDays(7), 0);
      assertEquals(List.of("logs-2026.11.20", "logs-2026.11.21", "logs-2026.11.23"), names(store));
      assertFalse(Files.exists(dir.resolve("indices/logs-2026.11.13")), "the directory is gone too");

      long newest = store.resolve("logs-2026.11.23", Long.MIN_VALUE, Long.MAX_VALUE).get(0).sizeBytes();
      store.applyRetention(Duration.ofDays(365), newest + 1);
      assertEquals(List.of("logs-2026.11.23"), names(store), "oldest first until under the size");
      assertEquals(3.0, registry.counter("trawl.indexer.retention.deleted.partitions").count());
    }
  }

  @Test
  void duplicatesAreRefusedBeforeAndAfterARestart() throws Exception {
    try (Wal wal = new Wal(dir.resolve("wal"));
        Store store = new Store(dir, wal, 1000, Clock.fixed(NOW, ZoneOffset.UTC), registry)) {
      assertEquals(201, store.ingest("logs", "same", true, doc(NOW, "first")).status());
      assertEquals(409, store.ingest("logs", "same", true, doc(NOW, "second")).status(), "before any refresh");
      store.refresh();
      assertEquals(409, store.ingest("logs", "same", true, doc(NOW, "third")).status(), "after a refresh");
      assertEquals(200, store.ingest("logs", "same", false, doc(NOW, "replaced")).status(), "index replaces");
    }
    try (Wal wal = new Wal(dir.resolve("wal"));
        Store store = new Store(dir, wal, 1000, Clock.fixed(NOW, ZoneOffset.UTC), registry)) {
      store.replayWal();
      assertEquals(409, store.ingest("logs", "same", true, doc(NOW, "after restart")).status());
      assertTrue(store.exists("logs"));
    }
  }
}
