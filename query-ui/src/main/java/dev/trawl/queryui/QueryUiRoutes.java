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
import dev.trawl.queryui.api.NamespaceScope;
import dev.trawl.queryui.api.SearchApi;
import dev.trawl.queryui.api.SearchProxy;
import dev.trawl.queryui.api.TailApi;
import dev.trawl.queryui.api.ValuesApi;
import dev.trawl.queryui.saved.SavedSearches;
import dev.trawl.queryui.session.Caller;
import dev.trawl.queryui.session.Callers;
import dev.trawl.queryui.session.SessionApi;
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
  private final SearchProxy proxy;
  private final Callers callers;
  private final SessionApi session;
  private final PrometheusMeterRegistry registry;
  private final Timer searchLatency;

  QueryUiRoutes(IndexerClient indexer, String index, SearchApi search, TailApi tail, SavedSearches saved, Callers callers,
      PrometheusMeterRegistry registry) {
    this.search = search;
    this.proxy = new SearchProxy(indexer);
    this.callers = callers;
    this.session = new SessionApi(callers);
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
    if (path.equals(SearchProxy.PREFIX) || path.startsWith(SearchProxy.PREFIX + "/")) {
      return elasticsearch(r);
    }
    if (!r.method().equals("GET") && !r.method().equals("HEAD")) {
      return Response.text(405, "method not allowed\n");
    }
    Response file = StaticFiles.get(path);
    return file != null ? file : Response.text(404, "not found\n").withHeaders(StaticFiles.SECURITY_HEADERS);
  }

  private Response elasticsearch(Request r) {
    Caller caller;
    try {
      caller = callers.of(r);
    } catch (ApiException e) {
      return withChallenge(SearchProxy.error(e), e);
    }
    return proxy.handle(caller.scope(), r);
  }

  private Response api(Request r) throws Exception {
    try {
      if (r.path().equals("/api/session")) {
        return session.handle(r).withHeaders(StaticFiles.SECURITY_HEADERS);
      }
      Caller caller = callers.of(r);
      if (!r.method().equals("GET")) {
        throw new ApiException(405, r.method() + " is not allowed on " + r.path() + "; use GET");
      }
      NamespaceScope scope = caller.scope();
      if (r.path().equals("/api/tail")) {
        return tail.tail(() -> callers.scopeOf(caller.who()), r.params(), r.header("last-event-id"))
            .withHeaders(StaticFiles.SECURITY_HEADERS);
      }
      long start = System.nanoTime();
      byte[] body = JSON.writeValueAsBytes(switch (r.path()) {
        case "/api/search" -> search.search(scope, r.params());
        case "/api/histogram" -> histogram.histogram(scope, r.params());
        case "/api/fields" -> fields.fields(scope, r.params());
        case "/api/context" -> context.context(scope, r.params());
        case "/api/fieldnames" -> fieldNames.fieldNames(scope);
        case "/api/values" -> values.values(scope, r.params());
        case "/api/saved" -> Map.of("saved", saved.all().entrySet().stream()
            .map(e -> Map.of("name", e.getKey(), "query", e.getValue())).toList());
        default -> throw new ApiException(404, "no API at " + r.path());
      });
      searchLatency.record(java.time.Duration.ofNanos(System.nanoTime() - start));
      return Response.json(200, body).withHeaders(StaticFiles.SECURITY_HEADERS);
    } catch (ApiException e) {
      Counter.builder("trawl.queryui.api.errors").tag("status", Integer.toString(e.status()))
          .description("API requests answered with an error").register(registry).increment();
      return withChallenge(Response.json(e.status(), JSON.writeValueAsBytes(Map.of("error", e.getMessage())))
          .withHeaders(StaticFiles.SECURITY_HEADERS), e);
    }
  }

  /** A 401 names the scheme that would pass, as RFC 6750 asks. */
  private static Response withChallenge(Response response, ApiException e) {
    return e.status() == 401 ? response.withHeaders(Map.of("WWW-Authenticate", "Bearer realm=\"trawl\"")) : response;
  }
}
