package dev.trawl.queryui;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trawl.http.Request;
import dev.trawl.http.Response;
import dev.trawl.http.Routes;
import dev.trawl.queryui.api.ApiException;
import dev.trawl.queryui.api.ContextApi;
import dev.trawl.queryui.api.FieldNamesApi;
import dev.trawl.queryui.api.FieldsApi;
import dev.trawl.queryui.api.HistogramApi;
import dev.trawl.queryui.api.IndexerClient;
import dev.trawl.queryui.api.SearchApi;
import dev.trawl.queryui.api.TailApi;
import dev.trawl.queryui.api.ValuesApi;
import dev.trawl.queryui.saved.SavedSearches;
import dev.trawl.queryui.web.StaticFiles;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import java.util.Map;

/** Routes the browser app, {@code /api}, {@code /metrics} and {@code /healthz}. */
final class QueryUiRoutes implements Routes {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final SearchApi search;
  private final HistogramApi histogram;
  private final FieldsApi fields;
  private final ContextApi context;
  private final FieldNamesApi fieldNames;
  private final ValuesApi values;
  private final SavedSearches saved;
  private final TailApi tail;
  private final PrometheusMeterRegistry registry;
  private final Timer searchLatency;

  QueryUiRoutes(IndexerClient indexer, String index, SearchApi search, TailApi tail, SavedSearches saved,
      PrometheusMeterRegistry registry) {
    this.search = search;
    this.histogram = new HistogramApi(indexer, index);
    this.fields = new FieldsApi(indexer, index);
    this.context = new ContextApi(indexer, index);
    this.fieldNames = new FieldNamesApi(indexer, index);
    this.values = new ValuesApi(indexer, index);
    this.saved = saved;
    this.tail = tail;
    this.registry = registry;
    registry.gauge("trawl.queryui.live.tails", tail, TailApi::open);
    this.searchLatency = Timer.builder("trawl.queryui.api.search.latency").description("Time to answer an /api request")
        .publishPercentileHistogram().register(registry);
  }

  @Override
  public Response handle(Request r) throws Exception {
    String path = r.path();
    if (path.startsWith("/api/")) {
      return api(r);
    }
    if (!r.method().equals("GET") && !r.method().equals("HEAD")) {
      return Response.text(405, "method not allowed\n");
    }
    Response file = StaticFiles.get(path);
    return file != null ? file : Response.text(404, "not found\n").withHeaders(StaticFiles.SECURITY_HEADERS);
  }

  private Response api(Request r) throws Exception {
    try {
      if (!r.method().equals("GET")) {
        throw new ApiException(405, r.method() + " is not allowed on " + r.path() + "; use GET");
      }
      if (r.path().equals("/api/tail")) {
        return tail.tail(r.params(), r.header("last-event-id")).withHeaders(StaticFiles.SECURITY_HEADERS);
      }
      long start = System.nanoTime();
      byte[] body = JSON.writeValueAsBytes(switch (r.path()) {
        case "/api/search" -> search.search(r.params());
        case "/api/histogram" -> histogram.histogram(r.params());
        case "/api/fields" -> fields.fields(r.params());
        case "/api/context" -> context.context(r.params());
        case "/api/fieldnames" -> fieldNames.fieldNames();
        case "/api/values" -> values.values(r.params());
        case "/api/saved" -> Map.of("saved", saved.all().entrySet().stream()
            .map(e -> Map.of("name", e.getKey(), "query", e.getValue())).toList());
        default -> throw new ApiException(404, "no API at " + r.path());
      });
      searchLatency.record(java.time.Duration.ofNanos(System.nanoTime() - start));
      return Response.json(200, body).withHeaders(StaticFiles.SECURITY_HEADERS);
    } catch (ApiException e) {
      Counter.builder("trawl.queryui.api.errors").tag("status", Integer.toString(e.status()))
          .description("API requests answered with an error").register(registry).increment();
      return Response.json(e.status(), JSON.writeValueAsBytes(Map.of("error", e.getMessage())))
          .withHeaders(StaticFiles.SECURITY_HEADERS);
    }
  }
}
