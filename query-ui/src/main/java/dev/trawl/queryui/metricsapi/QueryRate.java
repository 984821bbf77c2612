package dev.trawl.queryui.metricsapi;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trawl.queryui.api.ApiException;
import dev.trawl.queryui.api.IndexerClient;
import dev.trawl.queryui.api.NamespaceScope;
import dev.trawl.queryui.api.SearchApi;
import dev.trawl.queryui.saved.SavedSearches;
import java.util.Set;

/**
 * The external metric {@code log_query_rate}: lines per second over the last minute that match the
 * saved search {@code query=<name>} in the namespace; the selector's other requirements filter on pod
 * labels.
 */
final class QueryRate {
  static final String NAME = "log_query_rate";
  static final String QUERY_LABEL = "query";

  private final IndexerClient indexer;
  private final String logIndex;
  private final SavedSearches saved;

  QueryRate(IndexerClient indexer, String logIndex, SavedSearches saved) {
    this.indexer = indexer;
    this.logIndex = logIndex;
    this.saved = saved;
  }

  double value(String namespace, LabelSelector selector) {
    String name = selector.requirements().stream()
        .filter(r -> r.key().equals(QUERY_LABEL) && r.operator() == LabelSelector.Operator.EQUALS)
        .map(r -> r.values().get(0)).findFirst()
        .orElseThrow(() -> KubeApiException.badRequest(NAME + " needs the label selector " + QUERY_LABEL
            + "=<saved search name>; saved searches: " + String.join(", ", saved.all().keySet())));
    String query = saved.query(name).orElseThrow(() -> KubeApiException.notFound("no saved search named '" + name
        + "'; saved searches: " + String.join(", ", saved.all().keySet())));
    ObjectNode body = SearchApi.request(query, "now-" + PodMetrics.WINDOW_SECONDS + "s", "now", 0);
    body.remove("sort");
    ObjectNode bool = body.withObject("/query/bool");
    selector.without(QUERY_LABEL).addTo(bool, "kubernetes.labels.");
    try {
      return indexer.search(NamespaceScope.only(Set.of(namespace)), logIndex, body).path("hits").path("total").path("value").asDouble()
          / PodMetrics.WINDOW_SECONDS;
    } catch (ApiException e) {
      if (e.status() == 404) {
        return 0;
      }
      if (e.status() == 400) {
        throw KubeApiException.badRequest("saved search '" + name + "' is not a valid query: " + e.getMessage());
      }
      throw new KubeApiException(503, "ServiceUnavailable", "the indexer cannot answer: " + e.getMessage());
    }
  }
}
