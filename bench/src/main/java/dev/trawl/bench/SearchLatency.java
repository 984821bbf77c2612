package dev.trawl.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trawl.config.ConfigLoader;
import dev.trawl.indexer.Indexer;
import dev.trawl.indexer.IndexerConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Search latency on the same generated day of logs in the Trawl indexer and in the OpenSearch
 * baseline, over loopback HTTP as Grafana or the query UI would ask: (a) a word in ~1% of
 * documents, newest 100; (b) the same with a 1-minute {@code date_histogram}; (c) {@code terms} on
 * the pod name over everything; (d) a rare word (20 hits); (e) the last 15 minutes, newest 500;
 * (f) one document's trace id, a word of its own (which Trawl keeps in a pool term shared with
 * other rare words, and checks each candidate's text for). A
 * run is timed from sending the request to the answer's last byte. The engines take turns in
 * blocks of ten runs, after a warm-up; both must return the same hits and totals, or the run fails. Prints p50 and p95 per query and engine.
 * Arguments: documents (default 1000000), timed runs per query (default 100), batch (default 5000),
 * OpenSearch heap (default 2g). With {@code -Dsearch.dir=DIR} Trawl's data stays in DIR and a later
 * run over the same number of documents skips loading it (the OpenSearch runner wipes its node on
 * close, so the baseline is loaded every time).
 */
public final class SearchLatency {
  /** Per query and engine before timing: enough for both JVMs to compile the query's paths. */
  private static final int WARMUP = 200;
  /**
   * Timed runs go in blocks per engine, the engines' order swapping each round: a run straight
   * after the other engine's pays for that engine's leftover work on the same two cores.
   */
  private static final int BLOCK = 10;

  private static final ObjectMapper JSON = new ObjectMapper();

  private SearchLatency() {}

  public static void main(String[] args) throws Exception {
    int docs = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 100;
    int batch = args.length > 2 ? Integer.parseInt(args[2]) : 5000;
    String heap = args.length > 3 ? args[3] : "2g";
    BenchDocuments generated = new BenchDocuments(docs);
    Map<String, String> queries = queries(generated);
    String kept = System.getProperty("search.dir");
    Path dir = kept != null ? Files.createDirectories(Path.of(kept)) : Files.createTempDirectory("trawl-bench-search-");
    try (Indexer indexer = Indexer.start(new ConfigLoader(IndexerConfig.KEYS).load(null, Map.of(
            "TRAWL_DATA_DIR", dir.resolve("trawl").toString(), "TRAWL_HTTP_PORT", "0", "TRAWL_HTTP_HOST", "127.0.0.1",
            "TRAWL_RETENTION_MAX_AGE", "36500d", "TRAWL_LIMITS_REQUESTS_PER_SECOND", "0", "TRAWL_LIMITS_CONCURRENT", "0")));
        OpenSearchBaseline baseline = new OpenSearchBaseline(dir.resolve("opensearch"), heap)) {
      List<Engine> engines = List.of(new Engine("trawl", "http://127.0.0.1:" + indexer.port()), baseline.engine);
      for (Engine engine : engines) {
        if (kept != null && engine.count() == docs) {
          continue;
        }
        long start = System.nanoTime();
        for (int from = 0; from < docs; from += batch) {
          engine.bulk(generated.bulkBody(from, Math.min(docs, from + batch)));
        }
        engine.awaitCount(docs);
        System.out.printf("search_load_%s_docs_per_second %.0f docs/s%n", engine.name, docs / ((System.nanoTime() - start) / 1e9));
      }
      System.out.printf("search_documents %d docs%n", docs);
      for (Map.Entry<String, String> query : queries.entrySet()) {
        checkSameAnswers(query.getKey(), query.getValue(), engines);
        for (int i = 0; i < WARMUP; i++) {
          for (Engine engine : engines) {
            engine.fetch("POST", "/logs/_search", query.getValue());
          }
        }
        long[][] nanos = new long[engines.size()][runs];
        for (int round = 0; round * BLOCK < runs; round++) {
          for (int turn = 0; turn < engines.size(); turn++) {
            int e = round % 2 == 0 ? turn : engines.size() - 1 - turn;
            for (int run = round * BLOCK; run < Math.min(runs, (round + 1) * BLOCK); run++) {
              long start = System.nanoTime();
              engines.get(e).fetch("POST", "/logs/_search", query.getValue());
              nanos[e][run] = System.nanoTime() - start;
            }
          }
        }
        double[] p50 = new double[engines.size()];
        for (int e = 0; e < engines.size(); e++) {
          Arrays.sort(nanos[e]);
          p50[e] = percentile(nanos[e], 0.50);
          System.out.printf("search_%s_%s_p50 %.1f ms%n", query.getKey(), engines.get(e).name, p50[e]);
          System.out.printf("search_%s_%s_p95 %.1f ms%n", query.getKey(), engines.get(e).name, percentile(nanos[e], 0.95));
        }
        System.out.printf("search_%s_opensearch_vs_trawl_p50 %.2f ratio%n", query.getKey(), p50[1] / p50[0]);
      }
    } finally {
      if (kept == null) {
        BenchSupport.delete(dir);
      }
    }
  }

  private static Map<String, String> queries(BenchDocuments docs) {
    Instant end = docs.timestamp(docs.size() - 1);
    String word = "{\"size\":100,\"sort\":[{\"@timestamp\":\"desc\"}],\"query\":{\"query_string\":{\"query\":\"%s\","
        + "\"default_field\":\"message\"}}%s}";
    Map<String, String> q = new LinkedHashMap<>();
    q.put("a_word_newest_100", word.formatted(BenchDocuments.COMMON_WORD, ""));
    q.put("b_word_with_histogram", word.formatted(BenchDocuments.COMMON_WORD,
        ",\"aggs\":{\"per_minute\":{\"date_histogram\":{\"field\":\"@timestamp\",\"fixed_interval\":\"1m\"}}}"));
    q.put("c_terms_pod_name", "{\"size\":0,\"aggs\":{\"pods\":{\"terms\":{\"field\":\"kubernetes.pod.name\",\"size\":10}}}}");
    q.put("d_rare_word", word.formatted(BenchDocuments.RARE_WORD, ""));
    q.put("e_last_15_minutes_newest_500", "{\"size\":500,\"sort\":[{\"@timestamp\":\"desc\"}],\"query\":{\"range\":"
        + "{\"@timestamp\":{\"gte\":\"" + end.minusSeconds(900) + "\",\"lte\":\"" + end + "\"}}}}");
    q.put("f_trace_id", word.formatted(traceId(docs, docs.size() / 3), ""));
    return q;
  }

  /** The trace id that ends the message of document {@code i} or of the first after it that has one. */
  private static String traceId(BenchDocuments docs, int i) {
    try {
      for (; ; i++) {
        String message = JSON.readTree(docs.source(i)).path("message").asText();
        int at = message.indexOf(" trace ");
        if (at >= 0 && message.indexOf(' ', at + 7) < 0) {
          return message.substring(at + 7);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The engines must agree, or a latency comparison means nothing. */
  private static void checkSameAnswers(String name, String query, List<Engine> engines) throws Exception {
    List<String> answers = new ArrayList<>();
    for (Engine engine : engines) {
      JsonNode r = engine.send("POST", "/logs/_search", query);
      StringBuilder a = new StringBuilder("total=").append(r.path("hits").path("total").path("value").asLong());
      r.path("hits").path("hits").forEach(h -> a.append(' ').append(h.path("_id").asText()));
      JsonNode aggs = r.path("aggregations");
      aggs.fieldNames().forEachRemaining(f -> aggs.path(f).path("buckets").forEach(b ->
          a.append(' ').append(b.path("key").asText()).append('=').append(b.path("doc_count").asLong())));
      answers.add(a.toString());
    }
    if (!answers.get(0).equals(answers.get(1))) {
      throw new IllegalStateException("engines disagree on " + name + ":\n trawl:      " + abbreviate(answers.get(0))
          + "\n opensearch: " + abbreviate(answers.get(1)));
    }
  }

  private static String abbreviate(String s) {
    return s.length() > 400 ? s.substring(0, 400) + "…" : s;
  }

  private static double percentile(long[] sorted, double p) {
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)] / 1e6;
  }
}
