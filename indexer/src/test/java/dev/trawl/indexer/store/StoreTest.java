package dev.trawl.indexer.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trawl.chronicle.DiskReserve;
import dev.trawl.indexer.wal.Wal;
import dev.trawl.testing.Await;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreTest {
  private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");

  private static final DiskReserve NO_RESERVE = new DiskReserve("test data", 0, () -> Long.MAX_VALUE);

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
        Store store = new Store(dir, wal, 1000, PartitionName.Granularity.DAY, NO_RESERVE, Clock.fixed(NOW, ZoneOffset.UTC), registry)) {
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
        Store store = new Store(dir, wal, 1000, PartitionName.Granularity.DAY, NO_RESERVE, Clock.fixed(NOW, ZoneOffset.UTC), registry)) {
      assertEquals(201, store.ingest("logs", "same", true, doc(NOW, "first")).status());
      assertEquals(409, store.ingest("logs", "same", true, doc(NOW, "second")).status(), "before any refresh");
      store.refresh();
      assertEquals(409, store.ingest("logs", "same", true, doc(NOW, "third")).status(), "after a refresh");
      assertEquals(200, store.ingest("logs", "same", false, doc(NOW, "replaced")).status(), "index replaces");
    }
    try (Wal wal = new Wal(dir.resolve("wal"));
        Store store = new Store(dir, wal, 1000, PartitionName.Granularity.DAY, NO_RESERVE, Clock.fixed(NOW, ZoneOffset.UTC), registry)) {
      store.replayWal();
      assertEquals(409, store.ingest("logs", "same", true, doc(NOW, "after restart")).status());
      assertTrue(store.exists("logs"));
    }
  }

  @Test
  void aChunkAnswersEachDocumentInOrderAndFindsDuplicatesWithinItself() throws Exception {
    Instant yesterday = NOW.minus(Duration.ofDays(1));
    try (Wal wal = new Wal(dir.resolve("wal"));
        Store store = new Store(dir, wal, 1000, PartitionName.Granularity.DAY, NO_RESERVE, Clock.fixed(NOW, ZoneOffset.UTC), registry)) {
      List<Store.Prepared> chunk = List.of(
          store.prepare("logs", "a", true, doc(NOW, "first a")),
          store.prepare("logs", "a", true, doc(NOW, "second a")),
          store.prepare("logs", "b", false, doc(NOW, "first b")),
          store.prepare("logs", "b", false, doc(NOW, "b replaced")),
          store.prepare("logs", "b", true, doc(NOW, "b created again")),
          store.prepare("logs", "a", true, doc(yesterday, "a of yesterday: another partition")),
          store.prepare("logs", "broken", true, "not json".getBytes(StandardCharsets.UTF_8)));
      assertEquals(List.of(201, 409, 201, 200, 409, 201, 400), store.ingest(chunk).stream().map(IngestResult::status).toList());
      assertEquals(4, wal.backlog(), "the four accepted documents");
      assertEquals(List.of(409, 409), store.ingest(List.of(store.prepare("logs", "a", true, doc(NOW, "a later")),
          store.prepare("logs", "b", true, doc(NOW, "b later")))).stream().map(IngestResult::status).toList());
      assertEquals(List.of(), store.ingest(List.of()));
      store.refresh();
      assertEquals(2, store.resolve("logs-2026.11.23", Long.MIN_VALUE, Long.MAX_VALUE).get(0).docCount());
      assertEquals(1, store.resolve("logs-2026.11.22", Long.MIN_VALUE, Long.MAX_VALUE).get(0).docCount());
    }
  }

  @Test
  void replacementsOfStoredDocumentsAreNeverSeenHalfDoneByAConcurrentRefresh() throws Exception {
    int ids = 600;
    try (Wal wal = new Wal(dir.resolve("wal"));
        Store store = new Store(dir, wal, 1000, PartitionName.Granularity.DAY, NO_RESERVE, Clock.fixed(NOW, ZoneOffset.UTC), registry)) {
      List<Store.Prepared> first = new ArrayList<>();
      for (int i = 0; i < ids; i++) {
        first.add(store.prepare("logs", "r" + i, false, doc(NOW, "version 0")));
      }
      store.ingest(first);
      store.refresh();
      Partition partition = store.resolve("logs", Long.MIN_VALUE, Long.MAX_VALUE).get(0);
      AtomicLong fewest = new AtomicLong(Long.MAX_VALUE);
      AtomicInteger refreshes = new AtomicInteger();
      CountDownLatch done = new CountDownLatch(1);
      Thread refresher = new Thread(() -> {
        try {
          while (done.getCount() > 0) {
            store.refresh();
            var searcher = partition.acquire();
            try {
              fewest.accumulateAndGet(searcher.count(new org.apache.lucene.search.MatchAllDocsQuery()), Math::min);
            } finally {
              partition.release(searcher);
            }
            refreshes.incrementAndGet();
          }
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });
      refresher.start();
      for (int version = 1; version <= 30; version++) {
        List<Store.Prepared> chunk = new ArrayList<>();
        for (int i = version % 3; i < ids; i += 3) {
          chunk.add(store.prepare("logs", "r" + i, false, doc(NOW, "version " + version)));
        }
        // an id twice in one chunk: the later replaces the earlier on its own
        chunk.add(store.prepare("logs", "r" + (version % 3), false, doc(NOW, "version " + version + " again")));
        List<Integer> statuses = store.ingest(chunk).stream().map(IngestResult::status).distinct().toList();
        assertEquals(List.of(200), statuses, "every index action replaced a document");
      }
      Await.until("refreshes ran beside the replacements", Duration.ofSeconds(10), () -> refreshes.get() >= 3);
      done.countDown();
      refresher.join();
      store.refresh();
      assertEquals(ids, fewest.get(), "no refresh showed an id's old document deleted and its new one missing");
      var searcher = partition.acquire();
      try {
        assertEquals(ids, searcher.count(new org.apache.lucene.search.MatchAllDocsQuery()));
        assertEquals(3, searcher.count(new org.apache.lucene.search.TermQuery(new org.apache.lucene.index.Term(Mapping.MESSAGE, "again"))),
            "r0, r1 and r2, each sent twice in its last chunk, hold the later document");
      } finally {
        partition.release(searcher);
      }
    }
  }

  @Test
  void aDiskUnderTheReserveAnswers429WithoutWritingAndRecoversWhenSpaceReturns() throws Exception {
    AtomicLong free = new AtomicLong(10L << 30);
    DiskReserve reserve = new DiskReserve("test data", 512L << 20, free::get);
    try (Wal wal = new Wal(dir.resolve("wal"));
        Store store = new Store(dir, wal, 1000, PartitionName.Granularity.DAY, reserve, Clock.fixed(NOW, ZoneOffset.UTC), registry)) {
      assertEquals(201, store.ingest("logs", "before", true, doc(NOW, "before")).status());
      long walEnd = wal.lastPosition();
      free.set(100L << 20);
      Await.until("the reserve sees the disk fill", Duration.ofSeconds(5), reserve::low);
      IngestResult refused = store.ingest("logs", "during", true, doc(NOW, "during"));
      assertEquals(429, refused.status(), "retryable, as Elasticsearch's flood-stage block");
      assertEquals("cluster_block_exception", refused.errorType());
      assertTrue(refused.reason().contains("data.min_free_bytes"), refused.reason());
      assertEquals(walEnd, wal.lastPosition(), "nothing went into the WAL");
      assertEquals(1.0, registry.counter("trawl.indexer.docs.refused.disk.full").count());
      assertEquals(1.0, registry.get("trawl.indexer.disk.full").gauge().value());
      free.set(10L << 30);
      Await.until("space is back", Duration.ofSeconds(5), () -> !reserve.low());
      assertEquals(201, store.ingest("logs", "during", true, doc(NOW, "during")).status(), "the retry is stored");
      assertEquals(0.0, registry.get("trawl.indexer.disk.full").gauge().value());
    }
  }

  @Test
  void theWalBacklogCountsWhatACrashWouldReplayAndPartitionsReportTheirSegmentsAndIdFilter() throws Exception {
    try (Wal wal = new Wal(dir.resolve("wal"));
        Store store = new Store(dir, wal, 1000, PartitionName.Granularity.DAY, NO_RESERVE, Clock.fixed(NOW, ZoneOffset.UTC), registry)) {
      for (int i = 0; i < 3; i++) {
        store.ingest("logs", "b" + i, true, doc(NOW, "backlog " + i));
      }
      assertEquals(3, wal.backlog());
      store.commit();
      assertEquals(0, wal.backlog(), "committed: nothing to replay");
      store.refresh();
      double segments = registry.get("trawl.indexer.partition.segments").tag("partition", "logs-2026.11.23").gauge().value();
      assertEquals(1.0, segments, "one flushed segment");
      double idFilter = registry.get("trawl.indexer.partition.id.filter").tag("partition", "logs-2026.11.23").gauge().value();
      assertEquals(IdFilters.MIN_CAPACITY * 12 / 8, idFilter, IdFilters.MIN_CAPACITY / 16.0, "the smallest filter, after the creates");
    }
  }

  @Test
  void partitionsByTheHourStaySearchableAndAgeOutWhenTheGranularityChangesToDays() throws Exception {
    Instant noon = Instant.parse("2026-11-23T12:00:00Z");
    try (Wal wal = new Wal(dir.resolve("wal"));
        Store store = new Store(dir, wal, 1000, PartitionName.Granularity.HOUR, NO_RESERVE, Clock.fixed(NOW, ZoneOffset.UTC), registry)) {
      store.ingest("logs", "h12", true, doc(noon.plusSeconds(59 * 60), "at 12:59"));
      store.ingest("logs", "h13", true, doc(noon.plusSeconds(60 * 60), "at 13:00"));
      store.ingest("logs", "old", true, doc(noon.minus(Duration.ofDays(9)), "nine days ago"));
      store.commit();
      assertEquals(List.of("logs-2026.11.14.12", "logs-2026.11.23.12", "logs-2026.11.23.13"), names(store));
      long oneOClock = noon.plusSeconds(3600).getEpochSecond() * 1_000_000_000L;
      assertEquals(List.of("logs-2026.11.23.13"), store.resolve("logs-*", oneOClock, oneOClock + 1).stream()
          .map(p -> p.name().toString()).toList(), "a search opens only the hour its range touches");
    }
    try (Wal wal = new Wal(dir.resolve("wal"));
        Store store = new Store(dir, wal, 1000, PartitionName.Granularity.DAY, NO_RESERVE, Clock.fixed(NOW, ZoneOffset.UTC), registry)) {
      store.replayWal();
      assertEquals(201, store.ingest("logs", "d", true, doc(noon, "by the day now")).status());
      store.commit();
      assertEquals(List.of("logs-2026.11.14.12", "logs-2026.11.23", "logs-2026.11.23.12", "logs-2026.11.23.13"), names(store));
      store.applyRetention(Duration.ofDays(7), 0);
      assertEquals(List.of("logs-2026.11.23", "logs-2026.11.23.12", "logs-2026.11.23.13"), names(store),
          "the hour partition past the age is deleted");
    }
  }

  @Test
  void partitionNamesOfEveryGranularityReadBack() {
    for (String name : List.of("logs-2026.11.23.07", "logs-2026.11.23", "metrics-2026.02")) {
      assertEquals(name, PartitionName.parse(name).orElseThrow().toString());
    }
    PartitionName month = PartitionName.parse("metrics-2026.02").orElseThrow();
    assertEquals(Instant.parse("2026-03-01T00:00:00Z").getEpochSecond() * 1_000_000_000L, month.endNanos());
    assertTrue(PartitionName.parse("logs-2026.13.01").isEmpty(), "no such month");
    assertTrue(PartitionName.parse("logs-latest").isEmpty());
    IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> PartitionName.Granularity.named("weekly"));
    assertTrue(e.getMessage().contains("'weekly'"), e.getMessage());
  }

  @Test
  void aDocumentPreparedForAPartitionRetentionClosedIsBuiltAgainAndStored() throws Exception {
    try (Wal wal = new Wal(dir.resolve("wal"));
        Store store = new Store(dir, wal, 1000, PartitionName.Granularity.DAY, NO_RESERVE, Clock.fixed(NOW, ZoneOffset.UTC), registry)) {
      Instant old = NOW.minus(Duration.ofDays(10));
      store.ingest("logs", "first", true, doc(old, "opens the partition"));
      Store.Prepared prepared = store.prepare("logs", "second", true,
          ("{\"@timestamp\":\"" + old + "\",\"json\":{\"n\":5}}").getBytes(StandardCharsets.UTF_8));
      assertTrue(prepared.built() != null, "built on the preparing thread for the open partition");
      store.applyRetention(Duration.ofDays(7), 0);
      assertEquals(List.of(), names(store));

      assertEquals(IngestResult.created().result(), store.ingest(List.of(prepared)).get(0).result());
      store.refresh();
      assertEquals(List.of("logs-2026.11.13"), names(store));
      Partition reopened = store.resolve("logs-2026.11.13", Long.MIN_VALUE, Long.MAX_VALUE).get(0);
      assertEquals(1, reopened.docCount());
      assertEquals(FieldKind.LONG, reopened.mapping().kind("json.n"), "its fields are the new partition's");
    }
  }

  @Test
  void theFieldCapHoldsWhileDocumentsAreBuiltOnSeveralThreads() throws Exception {
    Mapping mapping = new Mapping(50);
    List<Thread> threads = new ArrayList<>();
    AtomicInteger accepted = new AtomicInteger();
    CountDownLatch start = new CountDownLatch(1);
    for (int t = 0; t < 4; t++) {
      int thread = t;
      threads.add(new Thread(() -> {
        try {
          start.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        for (int f = 0; f < 100; f++) {
          if (mapping.resolve("json.f" + thread + "_" + f, FieldKind.LONG) != null) {
            accepted.incrementAndGet();
          }
        }
      }));
    }
    threads.forEach(Thread::start);
    start.countDown();
    for (Thread thread : threads) {
      thread.join();
    }
    assertEquals(48, accepted.get(), "50 fields, @timestamp and message among them");
  }
}
