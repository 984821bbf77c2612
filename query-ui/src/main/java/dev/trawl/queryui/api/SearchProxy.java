package dev.trawl.queryui.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trawl.http.Request;
import dev.trawl.http.Response;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * {@code /es/…}: the read side of the Elasticsearch API for tools that speak it (Grafana's
 * Elasticsearch data source, scripts): {@code _search} and {@code _msearch} on any index
 * expression, wildcards included. Each search body is checked by {@link SearchBodyPolicy} and
 * restricted to the caller's namespaces before it goes to the indexer, so these tools see exactly
 * what the browser app shows the same user. Query parameters that would replace the body's query
 * ({@code q} and its options) are refused. Errors are Elasticsearch-shaped.
 */
public final class SearchProxy {
  public static final String PREFIX = "/es";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> PARAMS = Set.of("typed_keys", "rest_total_hits_as_int", "ignore_unavailable",
      "allow_no_indices", "expand_wildcards", "timeout", "track_total_hits", "size", "from", "sort",
      "max_concurrent_searches", "max_concurrent_shard_requests", "pre_filter_shard_size", "search_type",
      "batched_reduce_size", "ccs_minimize_roundtrips", "request_cache", "allow_partial_search_results",
      "ignore_throttled", "preference", "filter_path", "pretty", "human", "error_trace", "terminate_after", "_source",
      "_source_includes", "_source_excludes", "seq_no_primary_term", "version");

  private final IndexerClient indexer;

  public SearchProxy(IndexerClient indexer) {
    this.indexer = indexer;
  }

  public Response handle(NamespaceScope scope, Request request) {
    try {
      String rest = request.path().substring(PREFIX.length());
      if (rest.isEmpty() || rest.equals("/")) {
        return answer(indexer.forward("GET", "/", "application/json", new byte[0]));
      }
      String[] parts = rest.substring(1).split("/", -1);
      String endpoint = parts[parts.length - 1];
      if (parts.length > 2 || !(endpoint.equals("_search") || endpoint.equals("_msearch"))) {
        throw new ApiException(404, "no endpoint " + request.method() + " " + request.path() + "; " + PREFIX
            + " serves [<index>/]_search and [<index>/]_msearch");
      }
      if (!request.method().equals("GET") && !request.method().equals("POST")) {
        throw new ApiException(405, request.method() + " is not allowed on " + request.path() + "; use GET or POST");
      }
      String index = parts.length == 2 ? parts[0] : null;
      if (index != null && (index.isEmpty() || index.startsWith("_") || index.equals(".") || index.equals(".."))) {
        throw new ApiException(400, "'" + index + "' is not an index expression");
      }
      String path = (index == null ? "" : "/" + IndexerClient.indexPath(index)) + "/" + endpoint + query(request.params());
      return endpoint.equals("_search")
          ? answer(indexer.forward("POST", path, "application/json", search(scope, request.body())))
          : answer(indexer.forward("POST", path, "application/x-ndjson", multiSearch(scope, request.body())));
    } catch (ApiException e) {
      return error(e);
    }
  }

  private static byte[] search(NamespaceScope scope, byte[] body) {
    JsonNode parsed = body.length == 0 ? JSON.createObjectNode() : parse(body, "the search body");
    if (!parsed.isObject()) {
      throw new ApiException(400, "the search body must be a JSON object");
    }
    SearchBodyPolicy.check(parsed);
    return scope.restrict(parsed).toString().getBytes(StandardCharsets.UTF_8);
  }

  /** Header and body lines in pairs, as Elasticsearch reads them; each body checked and restricted. */
  private static byte[] multiSearch(NamespaceScope scope, byte[] body) {
    String[] lines = new String(body, StandardCharsets.UTF_8).split("\n");
    StringBuilder out = new StringBuilder();
    int pairs = 0;
    for (int i = 0; i < lines.length; i++) {
      String header = lines[i].trim();
      if (header.isEmpty()) {
        continue;
      }
      if (!parse(header.getBytes(StandardCharsets.UTF_8), "line " + (i + 1) + " of the _msearch body").isObject()) {
        throw new ApiException(400, "line " + (i + 1) + " of the _msearch body must be a JSON object header");
      }
      if (i + 1 >= lines.length) {
        throw new ApiException(400, "line " + (i + 1) + " of the _msearch body is a header without a search body after it");
      }
      i++;
      out.append(header).append('\n').append(new String(search(scope, lines[i].trim().getBytes(StandardCharsets.UTF_8)),
          StandardCharsets.UTF_8)).append('\n');
      pairs++;
    }
    if (pairs == 0) {
      throw new ApiException(400, "the _msearch body holds no search");
    }
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static JsonNode parse(byte[] body, String what) {
    try {
      JsonNode node = JSON.readTree(body);
      if (node == null) {
        throw new ApiException(400, what + " is empty");
      }
      return node;
    } catch (IOException e) {
      throw new ApiException(400, what + " is not JSON: " + e.getMessage().lines().findFirst().orElse(""));
    }
  }

  private static String query(Map<String, String> params) {
    StringBuilder out = new StringBuilder();
    for (Map.Entry<String, String> p : new TreeMap<>(params).entrySet()) {
      if (!PARAMS.contains(p.getKey())) {
        throw new ApiException(400, "request parameter [" + p.getKey() + "] is not allowed here; put the query in the body");
      }
      out.append(out.length() == 0 ? '?' : '&').append(URLEncoder.encode(p.getKey(), StandardCharsets.UTF_8)).append('=')
          .append(URLEncoder.encode(p.getValue(), StandardCharsets.UTF_8));
    }
    return out.toString();
  }

  private static Response answer(IndexerClient.Answer answer) {
    return Response.json(answer.status(), answer.body());
  }

  /** An error as Elasticsearch shapes it, so its clients show the reason. */
  public static Response error(ApiException e) {
    ObjectNode body = JSON.createObjectNode();
    ObjectNode error = body.putObject("error");
    String type = e.status() == 404 ? "resource_not_found_exception" : e.status() == 401 ? "security_exception"
        : e.status() >= 500 ? "exception" : "illegal_argument_exception";
    error.putArray("root_cause").addObject().put("type", type).put("reason", e.getMessage());
    error.put("type", type).put("reason", e.getMessage());
    body.put("status", e.status());
    return Response.json(e.status(), body.toString().getBytes(StandardCharsets.UTF_8));
  }
}
