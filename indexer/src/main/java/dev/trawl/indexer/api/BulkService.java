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
import java.util.concurrent.Future;

/**
 * Executes {@code _bulk} requests on the single ingest thread, so the WAL order is the order
 * documents reach Lucene; a request is answered once all its accepted items are in the WAL. Its
 * items go in order, in chunks, which the chunks of a concurrent request may fall between.
 */
public final class BulkService {
  private static final SecureRandom RANDOM = new SecureRandom();

  /**
   * Items parsed before the ingest thread takes them: the next chunk is parsed while it stores
   * this one, so even one client sending one request at a time keeps both busy.
   */
  private static final int CHUNK_ITEMS = 256;
  /** The first chunk is small, so the ingest thread, idle between two requests of one client, starts sooner. */
  private static final int FIRST_CHUNK_ITEMS = 32;

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
    BulkRequestParser parser = new BulkRequestParser(body, defaultIndex);
    List<BulkItem> items = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    List<Future<List<IngestResult>>> chunks = new ArrayList<>();
    int chunkItems = FIRST_CHUNK_ITEMS;
    for (BulkItem item = parser.next(); item != null; chunkItems = CHUNK_ITEMS) {
      // read and parsed here, on the request's thread, while the ingest thread stores the chunk before
      List<Store.Prepared> prepared = new ArrayList<>(chunkItems);
      for (; item != null && prepared.size() < chunkItems; item = parser.next()) {
        String id = item.id() != null ? item.id() : generatedId();
        items.add(item);
        ids.add(id);
        prepared.add(prepare(item, id));
      }
      chunks.add(ingest.submit(() -> store.ingest(prepared)));
    }
    if (items.isEmpty()) {
      throw EsException.illegalArgument("request body is required: the _bulk body holds no actions");
    }
    // each chunk's items are rendered as it comes back, while the ingest thread stores the next
    BulkResponseWriter response = new BulkResponseWriter(items.size());
    int answered = 0;
    try {
      for (Future<List<IngestResult>> chunk : chunks) {
        for (IngestResult result : chunk.get()) {
          response.add(items.get(answered), ids.get(answered), result);
          answered++;
        }
      }
    } catch (ExecutionException e) {
      throw e.getCause() instanceof Exception cause ? cause : e;
    }
    long took = System.nanoTime() - start;
    latency.record(java.time.Duration.ofNanos(took));
    return response.finish(took / 1_000_000);
  }

  /** The document parsed for the ingest thread; a document it cannot take is answered naming its line. */
  private Store.Prepared prepare(BulkItem item, String id) {
    if (item.error() != null) {
      return new Store.Prepared(item.index(), id, item.isCreate(), item.source(),
          IngestResult.rejected(item.errorType(), item.error()));
    }
    Store.Prepared doc = store.prepare(item.index(), id, item.isCreate(), item.source());
    if (doc.rejection() == null) {
      return doc;
    }
    IngestResult located = IngestResult.rejected(doc.rejection().errorType(),
        "document line " + item.documentLine() + ": " + doc.rejection().reason());
    return new Store.Prepared(doc.stream(), doc.id(), doc.create(), doc.source(), located);
  }

  /** A random id of 20 URL-safe characters, as Elasticsearch generates for documents without one. */
  private static String generatedId() {
    byte[] bytes = new byte[15];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
