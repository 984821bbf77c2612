package dev.trawl.indexer.api;

import dev.trawl.indexer.bulk.BulkItem;
import dev.trawl.indexer.bulk.BulkRequestParser;
import dev.trawl.indexer.bulk.BulkResponseWriter;
import dev.trawl.indexer.store.IngestResult;
import dev.trawl.indexer.store.Store;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;

/**
 * Executes {@code _bulk} requests on the single ingest thread, so the WAL order is the order
 * documents reach Lucene; a request is answered once all its accepted items are in the WAL.
 */
public final class BulkService {
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Store store;
  private final ExecutorService ingest;
  private final Timer latency;

  public BulkService(Store store, ExecutorService ingest, MeterRegistry registry) {
    this.store = store;
    this.ingest = ingest;
    this.latency = Timer.builder("trawl.indexer.bulk.latency").description("Time to answer a _bulk request")
        .publishPercentileHistogram().register(registry);
  }

  public byte[] execute(byte[] body, String defaultIndex) throws Exception {
    long start = System.nanoTime();
    List<BulkItem> items = BulkRequestParser.parse(body, defaultIndex);
    if (items.isEmpty()) {
      throw EsException.illegalArgument("request body is required: the _bulk body holds no actions");
    }
    List<String> ids = new ArrayList<>(items.size());
    // parsed here, on the request's thread, so that the one ingest thread only stores
    List<Store.Prepared> prepared = new ArrayList<>(items.size());
    for (BulkItem item : items) {
      String id = item.id() != null ? item.id() : generatedId();
      ids.add(id);
      prepared.add(item.error() != null ? null : store.prepare(item.index(), id, item.isCreate(), item.source()));
    }
    List<IngestResult> results;
    try {
      results = ingest.submit(() -> {
        List<IngestResult> out = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
          BulkItem item = items.get(i);
          out.add(item.error() != null ? IngestResult.rejected(item.errorType(), item.error()) : store.ingest(prepared.get(i)));
        }
        return out;
      }).get();
    } catch (ExecutionException e) {
      throw e.getCause() instanceof Exception cause ? cause : e;
    }
    long took = System.nanoTime() - start;
    latency.record(java.time.Duration.ofNanos(took));
    return BulkResponseWriter.write(items, ids, results, took / 1_000_000);
  }

  /** A random id of 20 URL-safe characters, as Elasticsearch generates for documents without one. */
  private static String generatedId() {
    byte[] bytes = new byte[15];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
