package dev.trawl.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trawl.config.ConfigLoader;
import dev.trawl.indexer.Indexer;
import dev.trawl.indexer.IndexerConfig;
import dev.trawl.indexer.store.FieldAnalyzer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.lucene.codecs.lucene912.Lucene912Codec;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KeywordField;
import org.apache.lucene.document.LongField;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.store.FSDirectory;

/**
 * Indexer ingest: the same generated log documents, in the same bulk batches, through the Trawl
 * indexer's {@code _bulk} over loopback HTTP (WAL, dedupe, mapping, Lucene, commit) and through a
 * raw Lucene {@code IndexWriter} with the same index sort and field kinds, committed once at the end
 * (the ceiling). The indexer is timed until every document is searchable; both disk figures are
 * after the final commit.
 * Arguments: documents (default 500000), batch size (default 5000).
 */
public final class IngestThroughput {
  private static final ObjectMapper JSON = new ObjectMapper();

  private IngestThroughput() {}

  public static void main(String[] args) throws Exception {
    int docs = args.length > 0 ? Integer.parseInt(args[0]) : 500_000;
    int batch = args.length > 1 ? Integer.parseInt(args[1]) : 5000;
    Path dir = Files.createTempDirectory("trawl-bench-ingest-");
    try {
      List<byte[]> sources = generate(docs);
      long sourceBytes = sources.stream().mapToLong(s -> s.length).sum();
      double[] lucene = rawLucene(dir.resolve("lucene"), sources);
      double[] trawl = trawlIndexer(dir.resolve("trawl"), sources, batch);
      System.out.printf("ingest_documents %d docs%n", docs);
      System.out.printf("ingest_source %.0f MiB%n", sourceBytes / 1048576.0);
      System.out.printf("raw_lucene_docs_per_second %.0f docs/s%n", docs / lucene[0]);
      System.out.printf("raw_lucene_disk_per_source_byte %.3f bytes/byte%n", lucene[1] / sourceBytes);
      System.out.printf("trawl_indexer_docs_per_second %.0f docs/s%n", docs / trawl[0]);
      System.out.printf("trawl_indexer_source_mb_per_second %.1f MB/s%n", sourceBytes / 1e6 / trawl[0]);
      System.out.printf("trawl_indexer_disk_per_source_byte %.3f bytes/byte%n", trawl[1] / sourceBytes);
      System.out.printf("trawl_indexer_vs_raw_lucene %.2f ratio%n", lucene[0] / trawl[0]);
    } finally {
      BenchSupport.delete(dir);
    }
  }

  static List<byte[]> generate(int n) throws IOException {
    Random random = new Random(7);
    String[] namespaces = {"shop", "web", "data", "batch"};
    String[] levels = {"info", "info", "info", "debug", "warn", "error"};
    Instant t0 = Instant.parse("2026-11-23T00:00:00Z");
    List<byte[]> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      String ns = namespaces[i % 4];
      Map<String, Object> doc = Map.of(
          "@timestamp", t0.plusNanos(i * 86_400_000_000_000L / n).toString(),
          "message", "GET /api/items/" + random.nextInt(100000) + " answered " + (random.nextInt(20) == 0 ? 500 : 200)
              + " in " + random.nextInt(900) + " ms for user u-" + random.nextInt(5000) + " trace "
              + Long.toHexString(random.nextLong()),
          "stream", i % 10 == 0 ? "stderr" : "stdout",
          "log", Map.of("level", levels[random.nextInt(levels.length)], "offset", (long) i * 160,
              "file", Map.of("path", "/var/log/pods/" + ns + "_app-" + (i % 50) + "_uid/app/0.log")),
          "kubernetes", Map.of("namespace", ns, "pod", Map.of("name", "app-" + (i % 50), "uid", "uid-" + (i % 50)),
              "container", Map.of("name", "app"), "node", Map.of("name", "node-1"),
              "labels", Map.of("app", "app-" + (i % 10))),
          "json", Map.of("duration_ms", random.nextInt(900)));
      out.add(JSON.writeValueAsBytes(doc));
    }
    return out;
  }

  /** {seconds, bytes on disk} for the raw Lucene ceiling. */
  private static double[] rawLucene(Path dir, List<byte[]> sources) throws IOException {
    long start = System.nanoTime();
    try (FSDirectory d = FSDirectory.open(dir);
        IndexWriter w = new IndexWriter(d, new IndexWriterConfig(new FieldAnalyzer())
            .setIndexSort(new Sort(new SortField("@timestamp", SortField.Type.LONG, true)))
            .setCodec(new Lucene912Codec(Lucene912Codec.Mode.BEST_COMPRESSION)).setRAMBufferSizeMB(32))) {
      int i = 0;
      for (byte[] source : sources) {
        JsonNode n = JSON.readTree(source);
        Document doc = new Document();
        Instant t = Instant.parse(n.path("@timestamp").asText());
        long nanos = t.getEpochSecond() * 1_000_000_000L + t.getNano();
        doc.add(new StringField("_id", "id-" + i++, Field.Store.YES));
        doc.add(new StoredField("_source", source));
        doc.add(new LongPoint("@timestamp", nanos));
        doc.add(new NumericDocValuesField("@timestamp", nanos));
        doc.add(new TextField("message", n.path("message").asText(), Field.Store.NO));
        doc.add(new KeywordField("stream", n.path("stream").asText(), Field.Store.NO));
        doc.add(new KeywordField("log.level", n.at("/log/level").asText(), Field.Store.NO));
        doc.add(new LongField("log.offset", n.at("/log/offset").asLong(), Field.Store.NO));
        doc.add(new KeywordField("log.file.path", n.at("/log/file/path").asText(), Field.Store.NO));
        doc.add(new KeywordField("kubernetes.namespace", n.at("/kubernetes/namespace").asText(), Field.Store.NO));
        doc.add(new KeywordField("kubernetes.pod.name", n.at("/kubernetes/pod/name").asText(), Field.Store.NO));
        doc.add(new KeywordField("kubernetes.pod.uid", n.at("/kubernetes/pod/uid").asText(), Field.Store.NO));
        doc.add(new KeywordField("kubernetes.container.name", n.at("/kubernetes/container/name").asText(), Field.Store.NO));
        doc.add(new KeywordField("kubernetes.node.name", n.at("/kubernetes/node/name").asText(), Field.Store.NO));
        doc.add(new KeywordField("kubernetes.labels.app", n.at("/kubernetes/labels/app").asText(), Field.Store.NO));
        doc.add(new LongField("json.duration_ms", n.at("/json/duration_ms").asLong(), Field.Store.NO));
        w.addDocument(doc);
      }
      w.commit();
    }
    return new double[] {(System.nanoTime() - start) / 1e9, diskBytes(dir)};
  }

  /** {seconds until all documents are searchable and committed, bytes of the Lucene partitions}. */
  private static double[] trawlIndexer(Path dir, List<byte[]> sources, int batch) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    long start;
    double seconds;
    // disk is measured after close, which commits
    try (Indexer indexer = Indexer.start(new ConfigLoader(IndexerConfig.KEYS).load(null, Map.of(
        "TRAWL_DATA_DIR", dir.toString(), "TRAWL_HTTP_PORT", "0", "TRAWL_HTTP_HOST", "127.0.0.1")))) {
      String base = "http://127.0.0.1:" + indexer.port();
      List<byte[]> bodies = new ArrayList<>();
      for (int from = 0; from < sources.size(); from += batch) {
        StringBuilder body = new StringBuilder();
        for (int i = from; i < Math.min(sources.size(), from + batch); i++) {
          body.append("{\"create\":{\"_index\":\"logs\",\"_id\":\"id-").append(i).append("\"}}\n")
              .append(new String(sources.get(i), StandardCharsets.UTF_8)).append('\n');
        }
        bodies.add(body.toString().getBytes(StandardCharsets.UTF_8));
      }
      start = System.nanoTime();
      for (byte[] body : bodies) {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/_bulk"))
            .header("Content-Type", "application/x-ndjson").POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
            HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200 || r.body().contains("\"errors\":true")) {
          throw new IllegalStateException("bulk failed: " + r.body().substring(0, Math.min(300, r.body().length())));
        }
      }
      String count = base + "/logs/_count";
      while (JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(count)).build(),
          HttpResponse.BodyHandlers.ofString()).body()).path("count").asLong() < sources.size()) {
        java.util.concurrent.locks.LockSupport.parkNanos(50_000_000);
      }
      seconds = (System.nanoTime() - start) / 1e9;
    }
    return new double[] {seconds, diskBytes(dir.resolve("indices"))};
  }

  private static long diskBytes(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
    }
  }
}
