package dev.trawl.indexer.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trawl.config.ConfigLoader;
import dev.trawl.indexer.Indexer;
import dev.trawl.indexer.IndexerConfig;
import dev.trawl.testing.Await;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.hc.core5.http.HttpHost;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch._types.OpenSearchException;
import org.opensearch.client.opensearch._types.SortOrder;
import org.opensearch.client.opensearch.core.BulkResponse;
import org.opensearch.client.opensearch.core.SearchResponse;
import org.opensearch.client.opensearch.core.bulk.BulkResponseItem;
import org.opensearch.client.transport.OpenSearchTransport;
import org.opensearch.client.transport.httpclient5.ApacheHttpClient5TransportBuilder;

/** The opensearch-java client, unchanged, against the Trawl indexer. */
class OpenSearchClientTest {
  @TempDir Path dir;
  private Indexer indexer;
  private OpenSearchTransport transport;
  private OpenSearchClient client;

  @BeforeEach
  void start() throws Exception {
    indexer = Indexer.start(new ConfigLoader(IndexerConfig.KEYS).load(null, Map.of("TRAWL_DATA_DIR", dir.toString(),
        "TRAWL_HTTP_PORT", "0", "TRAWL_HTTP_HOST", "127.0.0.1", "TRAWL_REFRESH_INTERVAL", "100ms")));
    transport = ApacheHttpClient5TransportBuilder.builder(new HttpHost("http", "127.0.0.1", indexer.port())).build();
    client = new OpenSearchClient(transport);
  }

  @AfterEach
  void stop() throws Exception {
    transport.close();
    indexer.close();
  }

  private static Map<String, Object> doc(String message, String namespace, Instant at) {
    return Map.of("@timestamp", at.toString(), "message", message, "kubernetes", Map.of("namespace", namespace));
  }

  @Test
  void bulkSearchCountAndErrorsThroughTheClient() throws Exception {
    assertFalse(client.info().version().number().isEmpty());
    assertFalse(client.indices().exists(e -> e.index("logs")).value());
    Instant now = Instant.now();
    BulkResponse first = client.bulk(b -> b
        .operations(o -> o.create(c -> c.index("logs").id("a").document(doc("checkout failed", "shop", now.minusSeconds(2)))))
        .operations(o -> o.create(c -> c.index("logs").id("b").document(doc("checkout ok", "shop", now.minusSeconds(1)))))
        .operations(o -> o.create(c -> c.index("logs").id("c").document(doc("page served", "web", now)))));
    assertFalse(first.errors());
    assertEquals(List.of(201, 201, 201), first.items().stream().map(BulkResponseItem::status).toList());
    BulkResponse again = client.bulk(b -> b
        .operations(o -> o.create(c -> c.index("logs").id("a").document(doc("checkout failed", "shop", now.minusSeconds(2))))));
    assertTrue(again.errors());
    assertEquals(409, again.items().get(0).status());
    assertEquals("version_conflict_engine_exception", again.items().get(0).error().type());

    Await.until("documents searchable", Duration.ofSeconds(10),
        () -> client.count(c -> c.index("logs")).count() == 3);
    assertTrue(client.indices().exists(e -> e.index("logs")).value());
    @SuppressWarnings("rawtypes")
    SearchResponse<Map> hits = client.search(s -> s.index("logs")
        .query(q -> q.queryString(qs -> qs.query("checkout AND kubernetes.namespace:shop")))
        .sort(so -> so.field(f -> f.field("@timestamp").order(SortOrder.Desc))), Map.class);
    assertEquals(2, hits.hits().total().value());
    assertEquals(List.of("b", "a"), hits.hits().hits().stream().map(h -> h.id()).toList());
    assertEquals("checkout ok", hits.hits().hits().get(0).source().get("message"));
    assertEquals(1, client.count(c -> c.index("logs-*").query(q -> q.term(t -> t.field("kubernetes.namespace")
        .value(v -> v.stringValue("web"))))).count());

    @SuppressWarnings("rawtypes")
    SearchResponse<Map> aggregated = client.search(s -> s.index("logs").size(0)
        .aggregations("ns", a -> a.terms(t -> t.field("kubernetes.namespace")))
        .aggregations("per_minute", a -> a.dateHistogram(h -> h.field("@timestamp")
            .fixedInterval(i -> i.time("1m")))), Map.class);
    var namespaces = aggregated.aggregations().get("ns").sterms().buckets().array();
    assertEquals("shop", namespaces.get(0).key());
    assertEquals(2, namespaces.get(0).docCount());
    long inHistogram = aggregated.aggregations().get("per_minute").dateHistogram().buckets().array().stream()
        .mapToLong(b -> b.docCount()).sum();
    assertEquals(3, inHistogram);

    OpenSearchException bad = assertThrows(OpenSearchException.class, () -> client.search(s -> s.index("logs")
        .query(q -> q.queryString(qs -> qs.query("checkout AND ("))), Map.class));
    assertEquals(400, bad.status());
    assertEquals("parsing_exception", bad.error().type());
  }
}
