package dev.trawl.bench;

import dev.trawl.config.ConfigLoader;
import dev.trawl.indexer.Indexer;
import dev.trawl.indexer.IndexerConfig;
import dev.trawl.indexer.store.DocumentMapper;
import dev.trawl.indexer.store.Mapping;
import dev.trawl.indexer.store.Partition;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.store.FSDirectory;

/**
 * Indexer ingest: the same generated log documents, in the same bulk batches, through the Trawl
 * indexer's {@code _bulk} over loopback HTTP (WAL, dedupe, mapping, Lucene, commit), through a real
 * OpenSearch node's {@code _bulk} (the baseline: Trawl's mapping, one shard, no replicas, refresh
 * 1 s), and through a raw Lucene {@code IndexWriter} configured as a partition is, writing the
 * Lucene documents Trawl's mapper builds, committed once at the end (the ceiling). Each engine first
 * takes a tenth of the batches untimed, as Rally's warm-up period does, so that none is timed
 * while its JIT compiles (the engines in this JVM would otherwise warm each other's code, and
 * OpenSearch's own JVM starts cold); then it is timed until every document is searchable. Disk
 * figures are after the final commit, over all documents.
 * Arguments: documents (default 500000), batch size (default 5000), OpenSearch heap (default 2g),
 * ids ({@code sequential}, the default, or {@code collector}: base64 of 16 bytes, as the collector sends).
 */
public final class IngestThroughput {
  private IngestThroughput() {}

  public static void main(String[] args) throws Exception {
    int docs = args.length > 0 ? Integer.parseInt(args[0]) : 500_000;
    int batch = args.length > 1 ? Integer.parseInt(args[1]) : 5000;
    String heap = args.length > 2 ? args[2] : "2g";
    BenchDocuments.Ids ids = args.length > 3 ? BenchDocuments.Ids.valueOf(args[3].toUpperCase(java.util.Locale.ROOT))
        : BenchDocuments.Ids.SEQUENTIAL;
    Path dir = Files.createTempDirectory("trawl-bench-ingest-");
    try {
      BenchDocuments generated = new BenchDocuments(docs, ids);
      List<byte[]> sources = new ArrayList<>(docs);
      for (int i = 0; i < docs; i++) {
        sources.add(generated.source(i));
      }
      List<byte[]> bodies = new ArrayList<>();
      for (int from = 0; from < docs; from += batch) {
        bodies.add(generated.bulkBody(from, Math.min(docs, from + batch)));
      }
      long sourceBytes = sources.stream().mapToLong(s -> s.length).sum();
      int warmupBatches = Math.max(1, bodies.size() / 10);
      int warmupDocs = Math.min(docs, warmupBatches * batch);
      int timedDocs = docs - warmupDocs;
      long timedSourceBytes = sources.subList(warmupDocs, docs).stream().mapToLong(s -> s.length).sum();
      double[] lucene = rawLucene(dir.resolve("lucene"), generated, sources, warmupDocs);
      double[] trawl = trawlIndexer(dir.resolve("trawl"), bodies, warmupBatches, docs);
      double[] openSearch = openSearch(dir.resolve("opensearch"), bodies, warmupBatches, docs, heap);
      System.out.printf("ingest_documents %d docs%n", docs);
      System.out.printf("ingest_warmup_documents %d docs%n", warmupDocs);
      System.out.printf("ingest_ids %s%n", ids.name().toLowerCase(java.util.Locale.ROOT));
      System.out.printf("ingest_source %.0f MiB%n", sourceBytes / 1048576.0);
      System.out.printf("raw_lucene_docs_per_second %.0f docs/s%n", timedDocs / lucene[0]);
      System.out.printf("raw_lucene_disk_per_source_byte %.3f bytes/byte%n", lucene[1] / sourceBytes);
      System.out.printf("trawl_indexer_docs_per_second %.0f docs/s%n", timedDocs / trawl[0]);
      System.out.printf("trawl_indexer_source_mb_per_second %.1f MB/s%n", timedSourceBytes / 1e6 / trawl[0]);
      System.out.printf("trawl_indexer_disk_per_source_byte %.3f bytes/byte%n", trawl[1] / sourceBytes);
      System.out.printf("trawl_indexer_vs_raw_lucene %.2f ratio%n", lucene[0] / trawl[0]);
      System.out.printf("opensearch_docs_per_second %.0f docs/s%n", timedDocs / openSearch[0]);
      System.out.printf("opensearch_source_mb_per_second %.1f MB/s%n", timedSourceBytes / 1e6 / openSearch[0]);
      System.out.printf("opensearch_disk_per_source_byte %.3f bytes/byte%n", openSearch[1] / sourceBytes);
      System.out.printf("trawl_indexer_vs_opensearch_speed %.2f ratio%n", openSearch[0] / trawl[0]);
      System.out.printf("trawl_indexer_vs_opensearch_disk %.2f ratio%n", trawl[1] / openSearch[1]);
    } finally {
      BenchSupport.delete(dir);
    }
  }

  /**
   * {seconds, bytes on disk} for the raw Lucene ceiling: the Lucene documents Trawl builds, written
   * by one IndexWriter of the same configuration, without HTTP, WAL or the {@code _id} check.
   */
  private static double[] rawLucene(Path dir, BenchDocuments generated, List<byte[]> sources, int warmupDocs)
      throws IOException {
    long start = 0;
    Mapping mapping = new Mapping(1000);
    try (FSDirectory d = FSDirectory.open(dir);
        IndexWriter w = new IndexWriter(d, Partition.writerConfig())) {
      for (int i = 0; i < sources.size(); i++) {
        if (i == warmupDocs) {
          start = System.nanoTime();
        }
        w.addDocument(DocumentMapper.build(DocumentMapper.parse(generated.id(i), sources.get(i), 0), mapping).document());
      }
      w.commit();
    }
    return new double[] {(System.nanoTime() - start) / 1e9, diskBytes(dir)};
  }

  /** {seconds until all documents are searchable and committed, bytes of the Lucene partitions}. */
  private static double[] trawlIndexer(Path dir, List<byte[]> bodies, int warmupBatches, int docs) throws Exception {
    double seconds;
    // disk is measured after close, which commits
    try (Indexer indexer = Indexer.start(new ConfigLoader(IndexerConfig.KEYS).load(null, Map.of(
        "TRAWL_DATA_DIR", dir.toString(), "TRAWL_HTTP_PORT", "0", "TRAWL_HTTP_HOST", "127.0.0.1",
        "TRAWL_LIMITS_REQUESTS_PER_SECOND", "0", "TRAWL_LIMITS_CONCURRENT", "0")))) {
      seconds = timedIngest(new Engine("trawl", "http://127.0.0.1:" + indexer.port()), bodies, warmupBatches, docs);
    }
    return new double[] {seconds, diskBytes(dir.resolve("indices"))};
  }

  /** {seconds until all documents are searchable, bytes of the primaries after a flush}. */
  private static double[] openSearch(Path dir, List<byte[]> bodies, int warmupBatches, int docs, String heap) throws Exception {
    try (OpenSearchBaseline baseline = new OpenSearchBaseline(dir, heap)) {
      double seconds = timedIngest(baseline.engine, bodies, warmupBatches, docs);
      return new double[] {seconds, baseline.storeBytes()};
    }
  }

  /** Seconds from the end of the warm-up batches until all documents are searchable. */
  private static double timedIngest(Engine engine, List<byte[]> bodies, int warmupBatches, int docs) throws Exception {
    for (byte[] body : bodies.subList(0, warmupBatches)) {
      engine.bulk(body);
    }
    long start = System.nanoTime();
    for (byte[] body : bodies.subList(warmupBatches, bodies.size())) {
      engine.bulk(body);
    }
    engine.awaitCount(docs);
    return (System.nanoTime() - start) / 1e9;
  }

  private static long diskBytes(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
    }
  }
}
