package dev.trawl.queryui.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The namespaces that have lines in the log index, asked of the indexer at most every
 * {@value #REFRESH_MILLIS} ms: the candidates whose access a restricted user's scope is checked for.
 */
public final class LogNamespaces implements Supplier<Set<String>> {
  static final int MAX_NAMESPACES = 10_000;
  private static final long REFRESH_MILLIS = 30_000;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final IndexerClient indexer;
  private final String index;
  private Set<String> known = Set.of();
  private long refreshedAtNanos;
  private boolean loaded;

  public LogNamespaces(IndexerClient indexer, String index) {
    this.indexer = indexer;
    this.index = index;
  }

  @Override
  public synchronized Set<String> get() {
    long now = System.nanoTime();
    if (!loaded || now - refreshedAtNanos > REFRESH_MILLIS * 1_000_000) {
      known = load();
      refreshedAtNanos = now;
      loaded = true;
    }
    return known;
  }

  private Set<String> load() {
    ObjectNode body = JSON.createObjectNode();
    body.put("size", 0);
    body.put("track_total_hits", false);
    body.putObject("aggs").putObject("namespaces").putObject("terms").put("field", NamespaceScope.FIELD)
        .put("size", MAX_NAMESPACES);
    Set<String> names = new HashSet<>();
    try {
      indexer.search(NamespaceScope.ALL, index, body).path("aggregations").path("namespaces").path("buckets")
          .forEach(b -> names.add(b.path("key").asText()));
    } catch (ApiException e) {
      if (e.status() != 404) {
        throw e;
      }
    }
    return Set.copyOf(names);
  }
}
