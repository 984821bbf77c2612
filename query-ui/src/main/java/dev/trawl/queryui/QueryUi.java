package dev.trawl.queryui;

import dev.trawl.config.Config;
import dev.trawl.config.ConfigException;
import dev.trawl.http.HttpServer;
import dev.trawl.http.ClientLimits;
import dev.trawl.http.Response;
import dev.trawl.http.StandardRoutes;
import io.micrometer.core.instrument.Counter;
import java.nio.charset.StandardCharsets;
import dev.trawl.queryui.api.IndexerClient;
import dev.trawl.queryui.api.SearchApi;
import dev.trawl.queryui.api.TailApi;
import dev.trawl.kube.KubeClients;
import dev.trawl.queryui.kubeauth.AccessReviewer;
import dev.trawl.queryui.kubeauth.DelegatedAuthenticator;
import dev.trawl.queryui.kubeauth.FrontProxyTrust;
import dev.trawl.queryui.kubeauth.NamespaceAccess;
import dev.trawl.queryui.api.LogNamespaces;
import dev.trawl.queryui.session.Callers;
import dev.trawl.queryui.session.Sessions;
import dev.trawl.queryui.session.TrustedProxy;
import dev.trawl.queryui.metricsapi.MetricsApiRoutes;
import dev.trawl.queryui.saved.SavedSearches;
import dev.trawl.http.tls.TlsContexts;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.netty.handler.ssl.SslContext;
import java.nio.file.Path;
import java.util.List;
import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running query UI: the browser app and {@code /api} on {@code http.port}, the HPA's metrics APIs
 * over TLS on {@code tls.port}. With {@code auth.mode: none} both bind to loopback only and say so;
 * with {@code kubernetes} the metrics APIs authenticate and authorize every caller with the cluster.
 */
public final class QueryUi implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(QueryUi.class);
  private static final int MAX_BODY = 1 << 20;

  private final HttpServer http;
  private final HttpServer metricsApi;
  private final KubernetesClient kube;
  private final TailApi tail;
  private final NamespaceAccess namespaces;
  private final boolean https;

  private QueryUi(Config config) throws InterruptedException {
    String mode = config.get(QueryUiConfig.AUTH_MODE);
    https = config.get(QueryUiConfig.HTTP_TLS);
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new JvmMemoryMetrics().bindTo(registry);
    IndexerClient indexer = new IndexerClient(config.get(QueryUiConfig.INDEXER_URL),
        QueryUiConfig.INDEXER.token(config).orElse(null), QueryUiConfig.INDEXER.tls(config));
    String index = config.get(QueryUiConfig.INDEXER_INDEX);
    SavedSearches saved = config.find(QueryUiConfig.SAVED_SEARCHES_FILE)
        .map(f -> SavedSearches.load(Path.of(f), QueryUiConfig.SAVED_SEARCHES_FILE.name())).orElse(SavedSearches.NONE);
    DelegatedAuthenticator authenticator = null;
    AccessReviewer access = null;
    FrontProxyTrust trust = FrontProxyTrust.NONE;
    Callers callers = Callers.open();
    String metricsHost = "127.0.0.1";
    if (!mode.equals("none")) {
      kube = KubeClients.create(config.find(QueryUiConfig.KUBE_URL).orElse(null));
      try {
        trust = FrontProxyTrust.load(kube);
      } catch (KubernetesClientException e) {
        kube.close();
        throw new ConfigException("config key 'kube.url': cannot read kube-system/extension-apiserver-authentication from "
            + kube.getMasterUrl() + " (the query-ui's ServiceAccount needs the extension-apiserver-authentication-reader "
            + "Role): " + e.getMessage());
      }
      authenticator = new DelegatedAuthenticator(kube, trust);
      access = new AccessReviewer(kube);
      namespaces = new NamespaceAccess(access, new LogNamespaces(indexer, index));
      callers = mode.equals("proxy")
          ? Callers.proxy(TrustedProxy.parse(QueryUiConfig.AUTH_PROXY_TRUSTED.name(), config.get(QueryUiConfig.AUTH_PROXY_TRUSTED)), namespaces)
          : Callers.kubernetes(authenticator, namespaces, new Sessions());
      metricsHost = "0.0.0.0";
    } else {
      kube = null;
      namespaces = null;
    }
    String httpHost = config.find(QueryUiConfig.HTTP_HOST).orElse(mode.equals("none") ? "127.0.0.1" : "0.0.0.0");
    SslContext tls = TlsContexts.server(config.find(QueryUiConfig.TLS_CERT).orElse(null),
        config.find(QueryUiConfig.TLS_KEY).orElse(null), trust.clientCas());
    SearchApi search = new SearchApi(indexer, index);
    tail = new TailApi(search);
    Counter refused = Counter.builder("trawl.queryui.requests.refused").description(
        "Requests answered 429 because one client exceeded limits.requests_per_second or limits.concurrent").register(registry);
    ClientLimits limits = QueryUiConfig.LIMITS.limits(config, reason -> Response.json(429,
        ("{\"error\":\"too many requests: " + reason + "\"}").getBytes(StandardCharsets.UTF_8)), refused::increment);
    http = new HttpServer("query-ui", httpHost, config.get(QueryUiConfig.HTTP_PORT), MAX_BODY, 8,
        config.get(QueryUiConfig.HTTP_TLS) ? TlsContexts.server(config.find(QueryUiConfig.TLS_CERT).orElse(null),
            config.find(QueryUiConfig.TLS_KEY).orElse(null), List.of()) : null,
        new StandardRoutes(registry::scrape, limits.around(new QueryUiRoutes(indexer, index, search, tail, saved, callers,
            registry))));
    try {
      metricsApi = new HttpServer("metrics-api", metricsHost, config.get(QueryUiConfig.TLS_PORT), MAX_BODY, 4, tls,
          new MetricsApiRoutes(indexer, index, config.get(QueryUiConfig.INDEXER_METRIC_INDEX), saved, authenticator,
              access, registry));
    } catch (RuntimeException | InterruptedException e) {
      http.close();
      tail.close();
      throw e;
    }
    if (mode.equals("none")) {
      LOG.info("query-ui started url={} host={} metrics_api=https://127.0.0.1:{} auth.mode=none: open to everyone who "
          + "can reach {}:{}, every namespace", url(), httpHost, metricsApi.port(), httpHost, http.port());
    } else {
      LOG.info("query-ui started url={} host={} metrics_api=https://{}:{} auth.mode={} front_proxy_ca={}: users see "
          + "the namespaces where they may get pods/log", url(), httpHost, metricsHost, metricsApi.port(), mode,
          trust.enabled());
    }
  }

  public static QueryUi start(Config config) throws InterruptedException {
    return new QueryUi(config);
  }

  public int port() {
    return http.port();
  }

  public int metricsApiPort() {
    return metricsApi.port();
  }

  public String url() {
    return (https ? "https" : "http") + "://127.0.0.1:" + http.port() + "/";
  }

  @Override
  public void close() {
    metricsApi.close();
    http.close();
    tail.close();
    if (kube != null) {
      namespaces.close();
      kube.close();
    }
  }
}
