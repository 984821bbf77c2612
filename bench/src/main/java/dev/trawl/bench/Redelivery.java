package dev.trawl.bench;

import dev.trawl.chronicle.DiskReserve;
import dev.trawl.indexer.store.IngestResult;
import dev.trawl.indexer.store.PartitionName;
import dev.trawl.indexer.store.Store;
import dev.trawl.indexer.wal.Wal;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntUnaryOperator;

/**
 * What the {@code create} check costs for documents already stored: the bench's documents with the
 * collector's ids go into one partition through {@link Store} (a refresh each 50,000, so some twenty
 * segments, then a commit); then documents are sent again as {@code create}s, each answered 409
 * once found: the newest twentieth (a collector redelivering what it sent moments ago) and every
 * tenth of the whole partition (a node's queue replayed from far back); then the newest twentieth
 * as {@code index} actions, each replacing its document, until a refresh has applied the deletes.
 * Prints microseconds per document on the ingest thread, median of five rounds. Arguments:
 * documents (default 1000000).
 */
public final class Redelivery {
  private static final int CHUNK = 256;
  private static final int REFRESH_EVERY = 50_000;
  private static final int ROUNDS = 5;

  private Redelivery() {}

  public static void main(String[] args) throws Exception {
    int docs = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    BenchDocuments generated = new BenchDocuments(docs, BenchDocuments.Ids.COLLECTOR);
    Path dir = Files.createTempDirectory("trawl-bench-redelivery-");
    try (Wal wal = new Wal(dir.resolve("wal"));
        Store store = new Store(dir, wal, 1000, PartitionName.Granularity.MONTH,
            new DiskReserve("bench data", 0, () -> Long.MAX_VALUE), Clock.systemUTC(), new SimpleMeterRegistry())) {
      for (int from = 0; from < docs; from += CHUNK) {
        send(store, generated, from, Math.min(docs, from + CHUNK), i -> i, true, 201);
        if ((from + CHUNK) % REFRESH_EVERY < CHUNK) {
          store.refresh();
        }
      }
      store.refresh();
      store.commit();
      int recent = docs / 20;
      int spread = docs / 10;
      System.out.printf("redelivery_documents %d docs%n", docs);
      System.out.printf("redelivery_segments %d segments%n", store.resolve("logs-*", Long.MIN_VALUE, Long.MAX_VALUE).stream()
          .mapToInt(p -> p.segmentCount()).sum());
      System.out.printf("redelivery_newest_twentieth_us_per_doc %.2f us/doc%n",
          median(() -> resend(store, generated, recent, i -> docs - recent + i, true)));
      System.out.printf("redelivery_every_tenth_us_per_doc %.2f us/doc%n",
          median(() -> resend(store, generated, spread, i -> i * 10, true)));
      System.out.printf("replaced_newest_twentieth_us_per_doc %.2f us/doc%n",
          median(() -> resend(store, generated, recent, i -> docs - recent + i, false)));
    } finally {
      BenchSupport.delete(dir);
    }
  }

  private interface Round {
    double run() throws Exception;
  }

  private static double median(Round round) throws Exception {
    double[] results = new double[ROUNDS];
    for (int r = 0; r < ROUNDS; r++) {
      results[r] = round.run();
    }
    Arrays.sort(results);
    return results[ROUNDS / 2];
  }

  /**
   * Microseconds per document to send {@code count} stored documents again, the i-th being
   * {@code which(i)}: as {@code create}s, each answered 409, or as {@code index} actions, each
   * replacing its document, until a refresh has applied the deletes.
   */
  private static double resend(Store store, BenchDocuments generated, int count, IntUnaryOperator which, boolean create)
      throws Exception {
    long start = System.nanoTime();
    for (int from = 0; from < count; from += CHUNK) {
      send(store, generated, from, Math.min(count, from + CHUNK), which, create, create ? 409 : 200);
    }
    if (!create) {
      store.refresh();
    }
    return (System.nanoTime() - start) / 1e3 / count;
  }

  private static void send(Store store, BenchDocuments generated, int from, int to, IntUnaryOperator which, boolean create,
      int expected) throws Exception {
    List<Store.Prepared> chunk = new ArrayList<>(to - from);
    for (int i = from; i < to; i++) {
      int doc = which.applyAsInt(i);
      chunk.add(store.prepare("logs", generated.id(doc), create, generated.source(doc)));
    }
    for (IngestResult result : store.ingest(chunk)) {
      if (result.status() != expected) {
        throw new IllegalStateException((create ? "a create" : "an index action") + " answered " + result.status()
            + ", expected " + expected);
      }
    }
  }
}
