package dev.trawl.indexer.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trawl.http.Request;
import dev.trawl.http.Response;
import dev.trawl.http.Routes;
import dev.trawl.indexer.search.SearchExecutor;
import dev.trawl.indexer.search.SearchRequest;
import dev.trawl.indexer.search.SearchRequestParser;
import dev.trawl.indexer.search.SearchResponseWriter;
import dev.trawl.indexer.store.Partition;
import dev.trawl.indexer.store.Store;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;

/**
 * Routes the Elasticsearch-compatible API: parse the request, run it against the store, render
 * an Elasticsearch-shaped answer. Errors are {@link EsException}s rendered in one place.
 */
public final class IndexerRoutes implements Routes {
  private static final ObjectMapper JSON = new ObjectMapper();
  static final String VERSION = "7.10.2";
  /** Clients require a build date; the release date of this API level. */
  private static final String BUILD_DATE = "2026-11-23T00:00:00.000Z";

  private final Store store;
  private final SearchExecutor search;
  private final BulkService bulk;
  private final ExecutorService ingest;
  private final MultiSearch multiSearch;
  private final byte[] token;

  /** @param token bearer token required on every API request, or null */
  private static final List<String> SEARCH_ENDPOINTS = List.of("_search", "_msearch", "_count");
  private final MeterRegistry registry;

  public IndexerRoutes(Store store, SearchExecutor search, BulkService bulk, ExecutorService ingest, String token,
      MeterRegistry registry) {
    this.registry = registry;
    this.store = store;
    this.search = search;
    this.bulk = bulk;
    this.ingest = ingest;
    this.multiSearch = new MultiSearch(search);
    this.token = token == null || token.isEmpty() ? null : ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public Response handle(Request r) throws Exception {
    long start = System.nanoTime();
    Response response;
    try {
      response = route(r);
    } catch (EsException e) {
      response = ErrorResponses.of(e);
    }
    String endpoint = searchEndpoint(r.path());
    if (endpoint != null) {
      Timer.builder("trawl.indexer.search.latency").tag("endpoint", endpoint)
          .tag("outcome", response.status() < 400 ? "ok" : response.status() < 500 ? "client_error" : "server_error")
          .description("Time to answer _search, _msearch and _count requests").publishPercentileHistogram()
          .register(registry).record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
    }
    return response;
  }

  private static String searchEndpoint(String path) {
    for (String endpoint : SEARCH_ENDPOINTS) {
      if (path.endsWith("/" + endpoint) || path.endsWith("/" + endpoint + "/")) {
        return endpoint;
      }
    }
    return null;
  }

  private Response route(Request r) throws Exception {
    String path = r.path().length() > 1 && r.path().endsWith("/") ? r.path().substring(0, r.path().length() - 1) : r.path();
    String method = r.method();
    checkToken(r);
    String[] parts = path.substring(1).split("/");
    if (path.equals("/")) {
      return only(method, r, "GET", "HEAD", this::info);
    }
    String first = parts[0];
    if (parts.length == 1) {
      return switch (first) {
        case "_bulk" -> only(method, r, "POST", "PUT", () -> json(bulk.execute(r.body(), null)));
        case "_search" -> searchRoute(method, r, "*");
        case "_count" -> countRoute(method, r, "*");
        case "_msearch" -> only(method, r, "POST", "GET", () -> json(multiSearch.execute(r.body(), r.params(), null)));
        case "_field_caps" -> only(method, r, "GET", "POST", () -> fieldCaps("*", r));
        default -> {
          if (first.startsWith("_")) {
            throw EsException.notFound(method, path);
          }
          yield indexRoute(method, r, first);
        }
      };
    }
    if (parts.length == 2 && first.equals("_cluster") && parts[1].equals("health")) {
      return only(method, r, "GET", "HEAD", this::health);
    }
    if (parts.length == 2 && first.equals("_cat") && parts[1].equals("indices")) {
      return only(method, r, "GET", "HEAD", () -> catIndices(r));
    }
    if (parts.length == 2 && !first.startsWith("_")) {
      return switch (parts[1]) {
        case "_bulk" -> only(method, r, "POST", "PUT", () -> json(bulk.execute(r.body(), first)));
        case "_search" -> searchRoute(method, r, first);
        case "_count" -> countRoute(method, r, first);
        case "_mapping" -> only(method, r, "GET", "HEAD", () -> mapping(first));
        case "_field_caps" -> only(method, r, "GET", "POST", () -> fieldCaps(first, r));
        case "_msearch" -> only(method, r, "POST", "GET", () -> json(multiSearch.execute(r.body(), r.params(), first)));
        default -> throw EsException.notFound(method, path);
      };
    }
    throw EsException.notFound(method, path);
  }

  private void checkToken(Request r) {
    if (token == null) {
      return;
    }
    String given = r.header("authorization");
    if (given == null || !MessageDigest.isEqual(token, given.getBytes(StandardCharsets.UTF_8))) {
      throw EsException.unauthorized();
    }
  }

  private Response searchRoute(String method, Request r, String index) throws Exception {
    return only(method, r, "GET", "POST", () -> {
      long start = System.nanoTime();
      SearchRequest request = SearchRequestParser.parse(r.body(), r.params());
      var result = search.search(index, request);
      return json(SearchResponseWriter.search(result, request, (System.nanoTime() - start) / 1_000_000));
    });
  }

  private Response countRoute(String method, Request r, String index) throws Exception {
    return only(method, r, "GET", "POST", () -> {
      ObjectNode body = SearchRequestParser.readObject(r.body());
      body.fieldNames().forEachRemaining(k -> {
        if (!k.equals("query")) {
          throw EsException.parsing("request does not support [" + k + "]");
        }
      });
      var query = r.params().containsKey("q")
          ? JSON.createObjectNode().set("query_string", JSON.createObjectNode().put("query", r.params().get("q")))
          : body.get("query");
      return json(SearchResponseWriter.count(search.count(index, query)));
    });
  }

  private Response indexRoute(String method, Request r, String index) throws Exception {
    return switch (method) {
      case "HEAD" -> new Response(store.exists(index) ? 200 : 404, Response.JSON, new byte[0], Map.of());
      case "GET" -> json(JSON.writeValueAsBytes(describe(index, true)));
      case "DELETE" -> {
        int deleted = ingest.submit(() -> store.deleteIndex(index)).get();
        if (deleted == 0 && !index.contains("*")) {
          throw EsException.indexNotFound(index);
        }
        yield json("{\"acknowledged\":true}".getBytes(StandardCharsets.UTF_8));
      }
      default -> throw EsException.methodNotAllowed(method, r.path());
    };
  }

  /**
   * {@code _field_caps}: each field's type across the partitions, whether it is searchable and
   * aggregatable; {@code fields} takes names and {@code *} patterns.
   */
  private Response fieldCaps(String index, Request r) throws Exception {
    String wanted = r.params().getOrDefault("fields", "*");
    List<java.util.regex.Pattern> patterns = new java.util.ArrayList<>();
    for (String f : wanted.split(",")) {
      patterns.add(java.util.regex.Pattern.compile(java.util.regex.Pattern.quote(f.trim()).replace("*", "\\E.*\\Q")));
    }
    List<Partition> partitions = store.resolve(index, Long.MIN_VALUE, Long.MAX_VALUE);
    if (partitions.isEmpty() && !index.contains("*")) {
      throw EsException.indexNotFound(index);
    }
    ObjectNode root = JSON.createObjectNode();
    ArrayNode indices = root.putArray("indices");
    ObjectNode fields = root.putObject("fields");
    for (Partition p : partitions) {
      indices.add(p.name().toString());
      p.mapping().fields().forEach((field, kind) -> {
        if (patterns.stream().anyMatch(pt -> pt.matcher(field).matches())) {
          String type = esType(kind);
          ObjectNode byType = fields.has(field) ? (ObjectNode) fields.get(field) : fields.putObject(field);
          ObjectNode caps = byType.putObject(type);
          caps.put("type", type);
          caps.put("searchable", true);
          caps.put("aggregatable", kind != dev.trawl.indexer.store.FieldKind.TEXT);
        }
      });
    }
    return json(JSON.writeValueAsBytes(root));
  }

  private Response mapping(String index) throws Exception {
    return json(JSON.writeValueAsBytes(describe(index, false)));
  }

  /** Each partition's mappings (dotted field names, as the record's ECS names), and with settings as GET /{index}. */
  private ObjectNode describe(String index, boolean withSettings) {
    if (!store.exists(index)) {
      throw EsException.indexNotFound(index);
    }
    ObjectNode root = JSON.createObjectNode();
    for (Partition p : store.resolve(index, Long.MIN_VALUE, Long.MAX_VALUE)) {
      ObjectNode entry = root.putObject(p.name().toString());
      ObjectNode props = entry.putObject("mappings").putObject("properties");
      p.mapping().fields().forEach((field, kind) -> props.putObject(field).put("type", esType(kind)));
      if (withSettings) {
        entry.putObject("aliases");
        entry.putObject("settings").putObject("index").put("number_of_shards", "1").put("number_of_replicas", "0");
      }
    }
    return root;
  }

  private static String esType(dev.trawl.indexer.store.FieldKind kind) {
    return switch (kind) {
      case DATE -> "date_nanos";
      case TEXT -> "text";
      case KEYWORD -> "keyword";
      case LONG -> "long";
      case DOUBLE -> "double";
    };
  }

  private Response info() throws Exception {
    ObjectNode root = JSON.createObjectNode();
    root.put("name", "trawl-indexer");
    root.put("cluster_name", "trawl");
    root.put("cluster_uuid", "trawl");
    ObjectNode version = root.putObject("version");
    version.put("number", VERSION);
    version.put("build_flavor", "oss");
    version.put("build_type", "trawl");
    version.put("build_hash", "trawl");
    version.put("build_date", BUILD_DATE);
    version.put("build_snapshot", false);
    version.put("distribution", "trawl");
    version.put("lucene_version", org.apache.lucene.util.Version.LATEST.toString());
    version.put("minimum_wire_compatibility_version", "6.8.0");
    version.put("minimum_index_compatibility_version", "6.0.0-beta1");
    root.put("tagline", "You Know, for Search");
    return json(JSON.writeValueAsBytes(root));
  }

  private Response health() throws Exception {
    ObjectNode root = JSON.createObjectNode();
    root.put("cluster_name", "trawl");
    root.put("status", "green");
    root.put("timed_out", false);
    root.put("number_of_nodes", 1);
    root.put("number_of_data_nodes", 1);
    int partitions = store.resolve("*", Long.MIN_VALUE, Long.MAX_VALUE).size();
    root.put("active_primary_shards", partitions);
    root.put("active_shards", partitions);
    root.put("relocating_shards", 0);
    root.put("initializing_shards", 0);
    root.put("unassigned_shards", 0);
    root.put("active_shards_percent_as_number", 100.0);
    return json(JSON.writeValueAsBytes(root));
  }

  private Response catIndices(Request r) throws Exception {
    List<Partition> partitions = store.resolve("*", Long.MIN_VALUE, Long.MAX_VALUE);
    if ("json".equals(r.params().get("format"))) {
      ArrayNode rows = JSON.createArrayNode();
      for (Partition p : partitions) {
        rows.addObject().put("health", "green").put("status", "open").put("index", p.name().toString())
            .put("pri", "1").put("rep", "0").put("docs.count", Long.toString(p.docCount()))
            .put("store.size", Long.toString(p.sizeBytes()));
      }
      return json(JSON.writeValueAsBytes(rows));
    }
    StringBuilder out = new StringBuilder();
    if (r.params().containsKey("v")) {
      out.append("health status index pri rep docs.count store.size\n");
    }
    for (Partition p : partitions) {
      out.append("green open ").append(p.name()).append(" 1 0 ").append(p.docCount()).append(' ')
          .append(p.sizeBytes()).append('\n');
    }
    return Response.text(200, out.toString());
  }

  private static Response json(byte[] body) {
    return Response.json(200, body);
  }

  private static Response only(String method, Request r, String a, String b, Callable<Response> action) throws Exception {
    if (!method.equals(a) && !method.equals(b)) {
      throw EsException.methodNotAllowed(method, r.path());
    }
    return action.call();
  }
}
