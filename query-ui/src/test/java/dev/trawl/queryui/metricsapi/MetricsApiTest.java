package dev.trawl.queryui.metricsapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trawl.config.ConfigLoader;
import dev.trawl.indexer.Indexer;
import dev.trawl.indexer.IndexerConfig;
import dev.trawl.queryui.QueryUi;
import dev.trawl.queryui.QueryUiConfig;
import dev.trawl.http.tls.Certificates;
import dev.trawl.http.tls.Certificates.KeyAndCertificate;
import dev.trawl.testing.Await;
import dev.trawl.testing.Http;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricSpec;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The metrics APIs as the HPA controller reaches them: through the aggregation layer (a
 * front-proxy client certificate and X-Remote-* headers) over TLS, against a real indexer holding
 * the documents, with TokenReview and SubjectAccessReview answered by a mock API server.
 */
class MetricsApiTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String HPA_USER = "system:serviceaccount:kube-system:horizontal-pod-autoscaler";
  private static final String AGGREGATOR_USER = "system:kube-aggregator";
  private static final Path EXAMPLE = Path.of("..", "deploy", "daemonset", "examples", "hpa-on-error-lines.yaml");

  @TempDir static Path dir;

  private static KubernetesMockServer api;
  private static Indexer indexer;
  private static QueryUi ui;
  private static KeyAndCertificate frontProxyCa;
  private static KeyAndCertificate servingCa;
  private static final AtomicInteger tokenReviews = new AtomicInteger();
  private static final List<JsonNode> accessReviews = new java.util.concurrent.CopyOnWriteArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    // PKCS#8, as cert-manager writes it (PKCS#1 and SEC1 keys are read too).
    frontProxyCa = Certificates.issue("front-proxy-ca", List.of(), true, null, Duration.ofDays(1));
    servingCa = Certificates.issue("trawl-test-ca", List.of(), true, null, Duration.ofDays(1));
    KeyAndCertificate serving = Certificates.issue("trawl-query-ui", List.of("localhost", "127.0.0.1"), false, servingCa,
        Duration.ofDays(1));
    Path cert = Files.writeString(dir.resolve("tls.crt"), pem(serving.certificate()));
    Path key = Files.writeString(dir.resolve("tls.key"), pem(new JcaPKCS8Generator(serving.key(), null)));
    startApi();
    indexer = Indexer.start(new ConfigLoader(IndexerConfig.KEYS).load(null, Map.of(
        "TRAWL_DATA_DIR", dir.resolve("idx").toString(), "TRAWL_HTTP_PORT", "0", "TRAWL_HTTP_HOST", "127.0.0.1",
        "TRAWL_REFRESH_INTERVAL", "100ms")));
    int expected = ingest();
    Await.until("documents searchable", Duration.ofSeconds(30),
        () -> JSON.readTree(Http.get("http://127.0.0.1:" + indexer.port() + "/logs,metrics/_count").body()).path("count").asInt(),
        n -> n == expected);
    Path saved = Files.writeString(dir.resolve("saved-searches.yaml"), "checkout-timeouts: 'message:timeout'\n");
    Map<String, String> env = new LinkedHashMap<>();
    env.put("TRAWL_INDEXER_URL", "http://127.0.0.1:" + indexer.port());
    env.put("TRAWL_HTTP_PORT", "0");
    env.put("TRAWL_TLS_PORT", "0");
    env.put("TRAWL_TLS_CERT", cert.toString());
    env.put("TRAWL_TLS_KEY", key.toString());
    env.put("TRAWL_AUTH_MODE", "kubernetes");
    env.put("TRAWL_KUBE_URL", api.url("/"));
    env.put("TRAWL_SAVED_SEARCHES_FILE", saved.toString());
    ui = QueryUi.start(new ConfigLoader(QueryUiConfig.KEYS).load(null, env));
  }

  @AfterAll
  static void stop() {
    if (ui != null) {
      ui.close();
    }
    if (indexer != null) {
      indexer.close();
    }
    if (api != null) {
      api.destroy();
    }
  }

  /** TokenReview knows the HPA's tokens (hpa-token…) and alice-token; SubjectAccessReview allows the HPA controller and the aggregator only. */
  private static void startApi() throws IOException {
    api = new KubernetesMockServer(false);
    api.init(InetAddress.getLoopbackAddress(), 0);
    String recorded = new String(MetricsApiTest.class.getResourceAsStream("extension-apiserver-authentication.json")
        .readAllBytes(), StandardCharsets.UTF_8);
    String configMap = recorded
        .replace("FRONT_PROXY_CA_PEM", pem(frontProxyCa.certificate()).replace("\n", "\\n"))
        .replace("CLUSTER_CA_PEM", pem(servingCa.certificate()).replace("\n", "\\n"));
    api.expect().get().withPath("/api/v1/namespaces/kube-system/configmaps/extension-apiserver-authentication")
        .andReturn(200, configMap).always();
    api.expect().post().withPath("/apis/authentication.k8s.io/v1/tokenreviews").andReply(200, request -> {
      tokenReviews.incrementAndGet();
      JsonNode review = readJson(request.getUtf8Body());
      String token = review.at("/spec/token").asText();
      Map<String, Object> status = switch (token.startsWith("hpa-token") ? "hpa-token" : token) {
        case "hpa-token" -> Map.of("authenticated", true, "user", Map.of("username", HPA_USER,
            "groups", List.of("system:serviceaccounts", "system:authenticated")));
        case "alice-token" -> Map.of("authenticated", true, "user", Map.of("username", "alice",
            "groups", List.of("system:authenticated")));
        default -> Map.of("authenticated", false, "error", "invalid bearer token");
      };
      return Map.of("apiVersion", "authentication.k8s.io/v1", "kind", "TokenReview", "status", status);
    }).always();
    api.expect().post().withPath("/apis/authorization.k8s.io/v1/subjectaccessreviews").andReply(200, request -> {
      JsonNode review = readJson(request.getUtf8Body());
      accessReviews.add(review);
      String user = review.at("/spec/user").asText();
      boolean allowed = user.equals(HPA_USER) || user.equals(AGGREGATOR_USER);
      return Map.of("apiVersion", "authorization.k8s.io/v1", "kind", "SubjectAccessReview",
          "status", Map.of("allowed", allowed));
    }).always();
  }

  private static JsonNode readJson(String text) {
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The last minute in namespace shop: cart-a (app=cart) 90 lines, 30 of them errors, 6 timeouts, and
   * CPU and memory samples; cart-b (app=cart) 30 lines; cart-c (app=cart) only cgroup samples; web-x
   * (app=web) 60 errors, 6 timeouts. Namespace other: cart-z (app=cart) 600 errors and timeouts.
   */
  private static int ingest() throws Exception {
    StringBuilder bulk = new StringBuilder();
    Instant now = Instant.now();
    int[] n = {0};
    java.util.function.BiConsumer<String, Map<String, Object>> add = (index, doc) -> {
      bulk.append("{\"create\":{\"_index\":\"").append(index).append("\",\"_id\":\"d").append(n[0]++).append("\"}}\n");
      try {
        bulk.append(JSON.writeValueAsString(doc)).append('\n');
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    };
    for (int i = 0; i < 90; i++) {
      add.accept("logs", line("shop", "cart-a", "cart", now.minusSeconds(5 + i % 40), i < 30 ? "error" : "info",
          i < 6 ? "checkout timeout after 3s" : "served request " + i));
    }
    for (int i = 0; i < 30; i++) {
      add.accept("logs", line("shop", "cart-b", "cart", now.minusSeconds(5 + i), "info", "served request " + i));
    }
    for (int i = 0; i < 60; i++) {
      add.accept("logs", line("shop", "web-x", "web", now.minusSeconds(5 + i % 40), "error",
          i < 6 ? "upstream timeout" : "bad gateway"));
    }
    for (int i = 0; i < 600; i++) {
      add.accept("logs", line("other", "cart-z", "cart", now.minusSeconds(5 + i % 40), "error", "checkout timeout"));
    }
    add.accept("logs", line("shop", "cart-a", "cart", now.minusSeconds(600), "error", "long ago, outside the window"));
    for (String pod : List.of("cart-a", "cart-c")) {
      add.accept("metrics", sample("shop", pod, now.minusSeconds(40), "container_cpu_usage_seconds_total", 100.0));
      add.accept("metrics", sample("shop", pod, now.minusSeconds(10), "container_cpu_usage_seconds_total",
          pod.equals("cart-a") ? 103.0 : 100.6));
      add.accept("metrics", sample("shop", pod, now.minusSeconds(40), "container_memory_working_set_bytes", 100 << 20));
      add.accept("metrics", sample("shop", pod, now.minusSeconds(10), "container_memory_working_set_bytes", 110 << 20));
    }
    var response = Http.post("http://127.0.0.1:" + indexer.port() + "/_bulk", "application/x-ndjson",
        bulk.toString().getBytes(StandardCharsets.UTF_8));
    assertEquals(200, response.statusCode(), response.body());
    assertEquals(false, JSON.readTree(response.body()).path("errors").asBoolean(), response.body());
    return n[0];
  }

  private static Map<String, Object> line(String ns, String pod, String app, Instant at, String level, String message) {
    return Map.of("@timestamp", at.toString(), "message", message, "log.level", level, "stream", "stdout",
        "kubernetes", Map.of("namespace", ns, "pod", Map.of("name", pod), "container", Map.of("name", app),
            "labels", Map.of("app", app)));
  }

  private static Map<String, Object> sample(String ns, String pod, Instant at, String name, double value) {
    return Map.of("@timestamp", at.toString(), "metric", Map.of("name", name, "value", value),
        "kubernetes", Map.of("namespace", ns, "pod", Map.of("name", pod), "container", Map.of("name", "cart"),
            "labels", Map.of("app", "cart")));
  }

  // ---- clients

  private static HttpClient client(KeyAndCertificate clientCertificate) throws Exception {
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("ca", servingCa.certificate());
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    KeyStore keys = KeyStore.getInstance("PKCS12");
    keys.load(null, null);
    if (clientCertificate != null) {
      keys.setKeyEntry("client", clientCertificate.key(), new char[0], new Certificate[] {clientCertificate.certificate()});
    }
    kmf.init(keys, new char[0]);
    SSLContext ssl = SSLContext.getInstance("TLS");
    ssl.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
    return HttpClient.newBuilder().sslContext(ssl).connectTimeout(Duration.ofSeconds(5)).build();
  }

  private static HttpClient aggregator() throws Exception {
    return client(Certificates.issue("front-proxy-client", List.of(), false, frontProxyCa, Duration.ofDays(1)));
  }

  private static HttpResponse<String> get(HttpClient client, String path, String... headers) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + ui.metricsApiPort() + path))
        .timeout(Duration.ofSeconds(30));
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** What the aggregation layer forwards for the HPA controller: the user and each group in its own header. */
  private static JsonNode asHpa(String path) throws Exception {
    HttpResponse<String> r = get(aggregator(), path, "X-Remote-User", HPA_USER,
        "X-Remote-Group", "system:serviceaccounts", "X-Remote-Group", "system:authenticated");
    assertEquals(200, r.statusCode(), r.body());
    return JSON.readTree(r.body());
  }

  private static Map<String, String> valuesByPod(JsonNode list) {
    Map<String, String> out = new java.util.TreeMap<>();
    list.path("items").forEach(i -> out.put(i.at("/describedObject/name").asText(), i.path("value").asText()));
    return out;
  }

  private static String selector(LabelSelector selector) {
    return selector.getMatchLabels().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
        .collect(Collectors.joining(","));
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  // ---- tests

  @Test
  void theExampleHpasRequestsAnswerFromTheIndexedDocuments() throws Exception {
    List<HasMetadata> objects = new ArrayList<>();
    for (String doc : Files.readString(EXAMPLE).split("(?m)^---$")) {
      objects.add(Serialization.unmarshal(doc, HasMetadata.class));
    }
    Deployment deployment = (Deployment) objects.stream().filter(o -> o instanceof Deployment).findFirst().orElseThrow();
    HorizontalPodAutoscaler hpa = (HorizontalPodAutoscaler) objects.stream()
        .filter(o -> o instanceof HorizontalPodAutoscaler).findFirst().orElseThrow();
    assertEquals(deployment.getMetadata().getName(), hpa.getSpec().getScaleTargetRef().getName());
    String namespace = hpa.getMetadata().getNamespace();
    String podSelector = selector(deployment.getSpec().getSelector());

    // The controller discovers the preferred versions through the aggregated /apis first.
    JsonNode groups = asHpa("/apis");
    assertEquals("APIGroupList", groups.path("kind").asText());
    assertEquals("custom.metrics.k8s.io/v1beta2", asHpa("/apis/custom.metrics.k8s.io")
        .at("/preferredVersion/groupVersion").asText());
    JsonNode resources = asHpa("/apis/custom.metrics.k8s.io/v1beta2");
    List<String> names = new ArrayList<>();
    resources.path("resources").forEach(r -> names.add(r.path("name").asText()));
    assertEquals(List.of("pods/log_lines_per_second", "pods/error_log_lines_per_second", "pods/cpu_usage_cores",
        "pods/memory_working_set_bytes"), names);
    assertEquals("log_query_rate", asHpa("/apis/external.metrics.k8s.io/v1beta1").at("/resources/0/name").asText());

    int checked = 0;
    for (MetricSpec metric : hpa.getSpec().getMetrics()) {
      if (metric.getType().equals("Pods")) {
        String name = metric.getPods().getMetric().getName();
        JsonNode list = asHpa("/apis/custom.metrics.k8s.io/v1beta2/namespaces/" + namespace + "/pods/*/" + name
            + "?labelSelector=" + encode(podSelector) + "&metricLabelSelector=");
        assertEquals("MetricValueList", list.path("kind").asText());
        assertEquals("custom.metrics.k8s.io/v1beta2", list.path("apiVersion").asText());
        // 30 errors a minute in cart-a; none in cart-b; cart-c only has cgroup samples; web-x and cart-z are not selected.
        assertEquals(Map.of("cart-a", "500m", "cart-b", "0", "cart-c", "0"), valuesByPod(list));
        JsonNode item = list.path("items").get(0);
        assertEquals("Pod", item.at("/describedObject/kind").asText());
        assertEquals(namespace, item.at("/describedObject/namespace").asText());
        assertEquals(name, item.at("/metric/name").asText());
        assertEquals(60, item.path("windowSeconds").asInt());
        assertTrue(Instant.parse(item.path("timestamp").asText()).isAfter(Instant.now().minusSeconds(60)));
        checked++;
      } else if (metric.getType().equals("External")) {
        String name = metric.getExternal().getMetric().getName();
        JsonNode list = asHpa("/apis/external.metrics.k8s.io/v1beta1/namespaces/" + namespace + "/" + name
            + "?labelSelector=" + encode(selector(metric.getExternal().getMetric().getSelector())));
        assertEquals("ExternalMetricValueList", list.path("kind").asText());
        JsonNode item = list.path("items").get(0);
        assertEquals("log_query_rate", item.path("metricName").asText());
        assertEquals("checkout-timeouts", item.at("/metricLabels/query").asText());
        // 12 lines matching message:timeout in shop within the minute (the 600 in namespace other do not count).
        assertEquals("200m", item.path("value").asText());
        checked++;
      }
    }
    assertEquals(2, checked, "the example scales on one custom and one external metric");
  }

  @Test
  void everyPerPodMetricHasItsValue() throws Exception {
    String base = "/apis/custom.metrics.k8s.io/v1beta2/namespaces/shop/pods/";
    assertEquals(Map.of("cart-a", "1500m", "cart-b", "500m", "cart-c", "0"),
        valuesByPod(asHpa(base + "*/log_lines_per_second?labelSelector=app%3Dcart")));
    // 3 CPU seconds over 30 s; 0.6 over 30 s.
    assertEquals(Map.of("cart-a", "100m", "cart-c", "20m"),
        valuesByPod(asHpa(base + "*/cpu_usage_cores?labelSelector=app%3Dcart")));
    assertEquals(Map.of("cart-a", Long.toString(105L << 20), "cart-c", Long.toString(105L << 20)),
        valuesByPod(asHpa(base + "*/memory_working_set_bytes?labelSelector=app%3Dcart")));
    assertEquals(Map.of("cart-a", "1500m"), valuesByPod(asHpa(base + "cart-a/log_lines_per_second")));
    assertEquals(Map.of("web-x", "1"), valuesByPod(asHpa(base + "*/log_lines_per_second?labelSelector=app+notin+%28cart%29")));
    assertEquals(Map.of("cart-a", "1500m", "cart-b", "500m", "cart-c", "0"),
        valuesByPod(asHpa(base + "*/log_lines_per_second?labelSelector=" + encode("app in (cart,shop),app!=web"))));
  }

  @Test
  void errorsAreKubernetesStatusObjectsThatNameTheProblem() throws Exception {
    HttpResponse<String> unknown = get(aggregator(), "/apis/custom.metrics.k8s.io/v1beta2/namespaces/shop/pods/*/requests_per_second",
        "X-Remote-User", HPA_USER);
    assertEquals(404, unknown.statusCode());
    JsonNode status = JSON.readTree(unknown.body());
    assertEquals("Status", status.path("kind").asText());
    assertEquals("NotFound", status.path("reason").asText());
    assertTrue(status.path("message").asText().contains("requests_per_second"), unknown.body());

    HttpResponse<String> badSelector = get(aggregator(),
        "/apis/custom.metrics.k8s.io/v1beta2/namespaces/shop/pods/*/log_lines_per_second?labelSelector=" + encode("app=(cart"),
        "X-Remote-User", HPA_USER);
    assertEquals(400, badSelector.statusCode());
    assertTrue(JSON.readTree(badSelector.body()).path("message").asText().contains("app=(cart"), badSelector.body());

    HttpResponse<String> metricSelector = get(aggregator(),
        "/apis/custom.metrics.k8s.io/v1beta2/namespaces/shop/pods/*/log_lines_per_second?metricLabelSelector=verb%3DGET",
        "X-Remote-User", HPA_USER);
    assertEquals(400, metricSelector.statusCode());
    assertTrue(metricSelector.body().contains("metricLabelSelector 'verb=GET'"), metricSelector.body());

    HttpResponse<String> noQuery = get(aggregator(), "/apis/external.metrics.k8s.io/v1beta1/namespaces/shop/log_query_rate",
        "X-Remote-User", HPA_USER);
    assertEquals(400, noQuery.statusCode());
    assertTrue(noQuery.body().contains("query=<saved search name>") && noQuery.body().contains("checkout-timeouts"),
        noQuery.body());
    HttpResponse<String> unknownQuery = get(aggregator(),
        "/apis/external.metrics.k8s.io/v1beta1/namespaces/shop/log_query_rate?labelSelector=query%3Dnope", "X-Remote-User", HPA_USER);
    assertEquals(404, unknownQuery.statusCode());
    assertTrue(unknownQuery.body().contains("no saved search named 'nope'"), unknownQuery.body());
  }

  @Test
  void callersMustProveWhoTheyAreAndBeAllowed() throws Exception {
    String path = "/apis/custom.metrics.k8s.io/v1beta2/namespaces/shop/pods/*/log_lines_per_second";
    HttpClient plain = client(null);
    HttpResponse<String> anonymous = get(plain, path);
    assertEquals(401, anonymous.statusCode(), anonymous.body());
    assertEquals("Unauthorized", JSON.readTree(anonymous.body()).path("reason").asText());

    // X-Remote-User is only believed on a connection with a front-proxy certificate.
    assertEquals(401, get(plain, path, "X-Remote-User", HPA_USER).statusCode());
    HttpResponse<String> alice = get(plain, path, "Authorization", "Bearer alice-token", "X-Remote-User", HPA_USER);
    assertEquals(403, alice.statusCode(), alice.body());
    assertTrue(alice.body().contains("User \\\"alice\\\" cannot get resource \\\"pods/log_lines_per_second\\\"")
        && alice.body().contains("namespace \\\"shop\\\""), alice.body());
    assertEquals(401, get(plain, path, "Authorization", "Bearer forged").statusCode());

    int before = tokenReviews.get();
    for (int i = 0; i < 3; i++) {
      assertEquals(200, get(plain, path, "Authorization", "Bearer hpa-token-cached").statusCode());
    }
    assertEquals(1, tokenReviews.get() - before, "a token is reviewed once, then cached briefly");

    JsonNode review = accessReviews.stream().filter(r -> r.at("/spec/user").asText().equals(HPA_USER)
        && r.at("/spec/resourceAttributes/subresource").asText().equals("log_lines_per_second")).findFirst().orElseThrow();
    assertEquals("shop", review.at("/spec/resourceAttributes/namespace").asText());
    assertEquals("custom.metrics.k8s.io", review.at("/spec/resourceAttributes/group").asText());
    assertEquals("pods", review.at("/spec/resourceAttributes/resource").asText());
    assertEquals("get", review.at("/spec/resourceAttributes/verb").asText());

    // A front-proxy certificate with a name the cluster does not allow is not the aggregator.
    HttpClient impostor = client(Certificates.issue("someone-else", List.of(), false, frontProxyCa, Duration.ofDays(1)));
    assertEquals(401, get(impostor, path, "X-Remote-User", HPA_USER).statusCode());
    // A certificate from another CA is not verified, so it vouches for nobody.
    HttpClient stranger = client(Certificates.issue("front-proxy-client", List.of(), false, servingCa, Duration.ofDays(1)));
    assertEquals(401, get(stranger, path, "X-Remote-User", HPA_USER).statusCode());
  }

  @Test
  void healthChecksNeedNoIdentityAndMetricsNeedPermission() throws Exception {
    HttpClient plain = client(null);
    assertEquals("ok", get(plain, "/healthz").body());
    assertEquals(401, get(plain, "/metrics").statusCode());
    assertEquals(403, get(plain, "/metrics", "Authorization", "Bearer alice-token").statusCode());
    HttpResponse<String> scrape = get(plain, "/metrics", "Authorization", "Bearer hpa-token");
    assertEquals(200, scrape.statusCode());
    assertTrue(scrape.body().contains("trawl_queryui_metrics_api_requests_total"), scrape.body());
    assertTrue(accessReviews.stream().anyMatch(r -> r.at("/spec/nonResourceAttributes/path").asText().equals("/metrics")));
  }

  private static String pem(Object object) {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
      writer.writeObject(object);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return out.toString();
  }
}
