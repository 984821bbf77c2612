package dev.trawl.queryui.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Set;
import java.util.TreeSet;

/**
 * The namespaces whose logs a caller may read. Every search the query UI sends goes through
 * {@link #restrict}, which ANDs the caller's query with a filter on {@code kubernetes.namespace}:
 * hits, totals and aggregation buckets then come only from those namespaces, whatever the query,
 * index pattern or aggregation asked for. Lines without a namespace belong to no namespace a
 * namespaced permission covers, so only {@link #ALL} sees them.
 */
public final class NamespaceScope {
  public static final String FIELD = "kubernetes.namespace";
  public static final NamespaceScope ALL = new NamespaceScope(null);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Set<String> namespaces;

  private NamespaceScope(Set<String> namespaces) {
    this.namespaces = namespaces == null ? null : Set.copyOf(namespaces);
  }

  /** Only these namespaces; none at all when empty. */
  public static NamespaceScope only(Set<String> namespaces) {
    return new NamespaceScope(namespaces);
  }

  public boolean unrestricted() {
    return namespaces == null;
  }

  public boolean allows(String namespace) {
    return namespaces == null || namespaces.contains(namespace);
  }

  /** A copy of the search body whose query also requires one of the namespaces; the body itself unchanged for {@link #ALL}. */
  public JsonNode restrict(JsonNode body) {
    if (namespaces == null) {
      return body;
    }
    ObjectNode restricted = body.isObject() ? ((ObjectNode) body).deepCopy() : JSON.createObjectNode();
    JsonNode query = restricted.get("query");
    ObjectNode bool = JSON.createObjectNode();
    ObjectNode wrapper = JSON.createObjectNode();
    wrapper.set("bool", bool);
    if (query != null && !query.isNull()) {
      bool.putArray("must").add(query);
    }
    ArrayNode values = bool.putArray("filter").addObject().putObject("terms").putArray(FIELD);
    new TreeSet<>(namespaces).forEach(values::add);
    restricted.set("query", wrapper);
    return restricted;
  }

  @Override
  public String toString() {
    return namespaces == null ? "all namespaces" : "namespaces " + new TreeSet<>(namespaces);
  }
}
