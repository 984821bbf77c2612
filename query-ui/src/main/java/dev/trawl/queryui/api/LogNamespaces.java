package dev.trawl.queryui.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The namespaces that have lines in the log index: the candidates whose access a restricted user's
 * scope is checked for. A namespace's first lines must show up within seconds, and asking for every
 * namespace means an aggregation over all partitions, so the set is kept as a union: every
 * {@value #RECENT_MILLIS} ms the namespaces of the last {@value #RECENT_WINDOW} are added (one
 * partition), and every {@value #FULL_MILLIS} ms the whole index is asked again, which also drops
 * namespaces whose lines retention deleted.
 */
public final class LogNamespaces implements Supplier<Set<String>> {
  static final int MAX_NAMESPACES = 10_000;
  private static final long RECENT_MILLIS = 2_000;
  private static final String RECENT_WINDOW = "now-5m";
  private static final long FULL_MILLIS = 600_000;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final IndexerClient indexer;
  private final String index;
  private Set<String> known = Set.of();
  private long fullAtNanos;
  private long recentAtNanos;
  private boolean loaded;

  public LogNamespaces(IndexerClient indexer, String index) {
    this.indexer = indexer;
    this.index = index;
  }

  @Override
  public synchronized Set<String> get() {
    long now = System.nanoTime();
    if (!loaded || now - fullAtNanos > FULL_MILLIS * 1_000_000) {
      known = load(null);
      fullAtNanos = now;
      recentAtNanos = now;
      loaded = true;
    } else if (now - recentAtNanos > RECENT_MILLIS * 1_000_000) {
      Set<String> recent = load(RECENT_WINDOW);
      if (!known.containsAll(recent) && known.size() < MAX_NAMESPACES) {
        Set<String> union = new HashSet<>(known);
        union.addAll(recent);
        known = Set.copyOf(union);
      }
      recentAtNanos = now;
    }
    return known;
  }

  /** @param since date math for the oldest line to look at, or null for all */
  private Set<String> load(String since) {
    ObjectNode body = JSON.createObjectNode();
    body.put("size", 0);
    body.put("track_total_hits", false);
    if (since != null) {
      body.putObject("query").putObject("range").putObject("@timestamp").put("gte", since);
    }
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
