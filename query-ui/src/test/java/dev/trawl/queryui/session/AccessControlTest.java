package dev.trawl.queryui.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trawl.config.ConfigException;
import dev.trawl.config.ConfigLoader;
import dev.trawl.indexer.Indexer;
import dev.trawl.indexer.IndexerConfig;
import dev.trawl.queryui.QueryUi;
import dev.trawl.queryui.QueryUiConfig;
import dev.trawl.testing.Await;
import dev.trawl.testing.Http;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Namespace access end to end: a real indexer holding lines of namespaces shop and payments (and
 * host lines with no namespace), a query UI in each auth mode, TokenReview and SubjectAccessReview
 * answered by a mock API server where alice may get pods/log in shop only, bob nowhere and admin
 * everywhere. Every way to read is tried as alice: nothing of payments may show, not even a count.
 */
class AccessControlTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int SHOP = 40;
  private static final int PAYMENTS = 30;
  private static final int HOST = 5;
  private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @TempDir static Path dir;

  private static KubernetesMockServer api;
  private static Indexer indexer;
  private static QueryUi ui;
  private static String base;
  private static String paymentsId;

  @BeforeAll
  static void start() throws Exception {
    api = new KubernetesMockServer(false);
    api.init(InetAddress.getLoopbackAddress(), 0);
    api.expect().post().withPath("/apis/authentication.k8s.io/v1/tokenreviews").andReply(200, request -> {
      String token = read(request.getUtf8Body()).at("/spec/token").asText();
      Map<String, Object> status = switch (token) {
        case "alice-token", "bob-token", "admin-token" -> Map.of("authenticated", true, "user",
            Map.of("username", token.substring(0, token.indexOf('-')), "groups", List.of("system:authenticated")));
        default -> Map.of("authenticated", false, "error", "invalid bearer token");
      };
      return Map.of("apiVersion", "authentication.k8s.io/v1", "kind", "TokenReview", "status", status);
    }).always();
    api.expect().post().withPath("/apis/authorization.k8s.io/v1/subjectaccessreviews").andReply(200, request -> {
      JsonNode spec = read(request.getUtf8Body()).path("spec");
      JsonNode resource = spec.path("resourceAttributes");
      boolean podsLog = resource.path("resource").asText().equals("pods") && resource.path("subresource").asText().equals("log")
          && resource.path("verb").asText().equals("get");
      boolean allowed = switch (spec.path("user").asText()) {
        case "admin" -> true;
        case "alice" -> podsLog && resource.path("namespace").asText().equals("shop");
        default -> false;
      };
      return Map.of("apiVersion", "authorization.k8s.io/v1", "kind", "SubjectAccessReview", "status", Map.of("allowed", allowed));
    }).always();
    indexer = Indexer.start(new ConfigLoader(IndexerConfig.KEYS).load(null, Map.of(
        "TRAWL_DATA_DIR", dir.resolve("idx").toString(), "TRAWL_HTTP_PORT", "0", "TRAWL_HTTP_HOST", "127.0.0.1",
        "TRAWL_REFRESH_INTERVAL", "100ms")));
    ingest();
    ui = start("kubernetes", Map.of());
    base = "http://127.0.0.1:" + ui.port();
  }

  private static QueryUi start(String mode, Map<String, String> extra) throws InterruptedException {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("TRAWL_INDEXER_URL", "http://127.0.0.1:" + indexer.port());
    env.put("TRAWL_INDEXER_INDEX", "logs*");
    env.put("TRAWL_HTTP_PORT", "0");
    env.put("TRAWL_HTTP_HOST", "127.0.0.1");
    env.put("TRAWL_TLS_PORT", "0");
    env.put("TRAWL_AUTH_MODE", mode);
    env.put("TRAWL_KUBE_URL", api.url("/"));
    env.putAll(extra);
    return QueryUi.start(new ConfigLoader(QueryUiConfig.KEYS).load(null, env));
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

  /** shop in index logs, payments split over logs and logs-archive (so only a wildcard reaches all of it). */
  private static void ingest() throws Exception {
    StringBuilder bulk = new StringBuilder();
    Instant now = Instant.now();
    for (int i = 0; i < SHOP; i++) {
      add(bulk, "logs", "s" + i, line("shop", now.minusSeconds(60 + i), "order placed " + i, Map.of("order_id", "o" + i)));
    }
    for (int i = 0; i < PAYMENTS; i++) {
      add(bulk, i % 2 == 0 ? "logs" : "logs-archive", "p" + i,
          line("payments", now.minusSeconds(60 + i), "card 4111111111111111 charged", Map.of("card_secret", "4111")));
    }
    for (int i = 0; i < HOST; i++) {
      Map<String, Object> hostLine = Map.of("@timestamp", now.minusSeconds(60 + i).toString(), "message", "kernel: oom");
      add(bulk, "logs", "h" + i, hostLine);
    }
    paymentsId = "p0";
    var response = Http.post("http://127.0.0.1:" + indexer.port() + "/_bulk", "application/x-ndjson",
        bulk.toString().getBytes(StandardCharsets.UTF_8));
    assertEquals(200, response.statusCode(), response.body());
    assertFalse(JSON.readTree(response.body()).path("errors").asBoolean(), response.body());
    int total = SHOP + PAYMENTS + HOST;
    Await.until("lines searchable", Duration.ofSeconds(30),
        () -> JSON.readTree(Http.get("http://127.0.0.1:" + indexer.port() + "/logs*/_count").body()).path("count").asInt(),
        n -> n == total);
  }

  private static void add(StringBuilder bulk, String index, String id, Map<String, Object> doc) throws Exception {
    bulk.append("{\"create\":{\"_index\":\"").append(index).append("\",\"_id\":\"").append(id).append("\"}}\n")
        .append(JSON.writeValueAsString(doc)).append('\n');
  }

  private static Map<String, Object> line(String ns, Instant at, String message, Map<String, Object> json) {
    return Map.of("@timestamp", at.toString(), "message", message, "log.level", "info", "json", json,
        "kubernetes", Map.of("namespace", ns, "pod", Map.of("name", ns + "-0"), "container", Map.of("name", "app")));
  }

  // ---- the browser API as alice

  @Test
  void withoutCredentialsEveryReadIsRefused() throws Exception {
    for (String path : List.of("/api/search", "/api/histogram", "/api/values?field=kubernetes.namespace", "/api/fieldnames",
        "/api/tail", "/es/_search")) {
      HttpResponse<String> r = send("GET", path, null);
      assertEquals(401, r.statusCode(), path + ": " + r.body());
      assertEquals("Bearer realm=\"trawl\"", r.headers().firstValue("WWW-Authenticate").orElse(""), path);
    }
    assertEquals(401, send("GET", "/api/search", null, "Authorization", "Bearer forged-token").statusCode());
    assertEquals(200, send("GET", "/", null).statusCode(), "the page itself loads, to show the sign-in form");
  }

  @Test
  void aliceSeesShopOnlyInSearchHistogramValuesAndFields() throws Exception {
    JsonNode search = apiAs("alice", "/api/search?from=now-1h&size=1000");
    assertEquals(SHOP, search.path("total").asInt());
    search.path("hits").forEach(h -> assertEquals("shop", h.at("/_source/kubernetes/namespace").asText()));
    assertEquals(0, apiAs("alice", "/api/search?from=now-1h&q=" + enc("kubernetes.namespace:payments")).path("total").asInt());
    assertEquals(0, apiAs("alice", "/api/search?from=now-1h&q=charged").path("total").asInt());
    assertEquals(0, apiAs("alice", "/api/search?from=now-1h&q=" + enc("message:kernel")).path("total").asInt(),
        "lines without a namespace need access to every namespace");

    int bucketSum = 0;
    for (JsonNode b : apiAs("alice", "/api/histogram?from=now-1h").path("buckets")) {
      bucketSum += b.path("count").asInt();
    }
    assertEquals(SHOP, bucketSum);

    List<String> namespaces = new ArrayList<>();
    apiAs("alice", "/api/values?from=now-1h&field=kubernetes.namespace").path("values")
        .forEach(v -> namespaces.add(v.path("value").asText()));
    assertEquals(List.of("shop"), namespaces);

    String fields = apiAs("alice", "/api/fields?from=now-1h").toString();
    assertTrue(fields.contains("shop"), fields);
    assertFalse(fields.contains("payments"), fields);
    Set<String> names = new HashSet<>();
    apiAs("alice", "/api/fieldnames").path("fields").forEach(f -> names.add(f.path("name").asText()));
    assertTrue(names.contains("json.order_id"), names.toString());
    assertFalse(names.contains("json.card_secret"), "a field name is data too: " + names);
    assertTrue(apiAs("admin", "/api/fieldnames").toString().contains("json.card_secret"));
  }

  @Test
  void aliceCannotOpenAForbiddenLineOrItsNeighbours() throws Exception {
    HttpResponse<String> r = send("GET", "/api/context?id=" + paymentsId, null, "Authorization", "Bearer alice-token");
    assertEquals(404, r.statusCode(), r.body());
    JsonNode own = apiAs("alice", "/api/context?id=s5&size=100");
    assertEquals("shop", own.at("/hit/_source/kubernetes/namespace").asText());
    assertFalse(own.toString().contains("payments"));
  }

  @Test
  void bobWithAValidTokenButNoRoleBindingSeesNothing() throws Exception {
    assertEquals(0, apiAs("bob", "/api/search?from=now-1h").path("total").asInt());
    assertEquals(0, apiAs("bob", "/api/values?from=now-1h&field=kubernetes.namespace").path("values").size());
  }

  @Test
  void adminSeesEveryNamespaceAndHostLines() throws Exception {
    assertEquals(SHOP + PAYMENTS + HOST, apiAs("admin", "/api/search?from=now-1h").path("total").asInt());
  }

  /** On an index of its own, so the lines it writes change no other test's counts. */
  @Test
  void aLiveTailStreamsOnlyLinesOfAllowedNamespaces() throws Exception {
    try (QueryUi tailing = start("kubernetes", Map.of("TRAWL_INDEXER_INDEX", "tailed"))) {
      tail("http://127.0.0.1:" + tailing.port());
    }
  }

  private static void tail(String url) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create(url + "/api/tail")).header("Authorization", "Bearer alice-token")
        .header("Accept", "text/event-stream").build();
    HttpResponse<InputStream> stream = CLIENT.send(request, HttpResponse.BodyHandlers.ofInputStream());
    assertEquals(200, stream.statusCode());
    try (BufferedReader lines = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
      StringBuilder bulk = new StringBuilder();
      Instant now = Instant.now();
      add(bulk, "tailed", "tail-p", line("payments", now, "tail payments secret", Map.of()));
      add(bulk, "tailed", "tail-s", line("shop", now.plusMillis(1), "tail shop visible", Map.of()));
      assertEquals(200, Http.post("http://127.0.0.1:" + indexer.port() + "/_bulk", "application/x-ndjson",
          bulk.toString().getBytes(StandardCharsets.UTF_8)).statusCode());
      StringBuilder seen = new StringBuilder();
      // a stream that never sends the line must fail the test, not hang the build
      assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
        String line;
        while ((line = lines.readLine()) != null && !seen.toString().contains("tail shop visible")) {
          seen.append(line).append('\n');
        }
      }, () -> "the tail sent only: " + seen);
      assertTrue(seen.toString().contains("tail shop visible"), seen.toString());
      assertFalse(seen.toString().contains("tail payments secret"), seen.toString());
    }
  }

  // ---- the Elasticsearch-compatible endpoints

  @Test
  void wildcardIndexPatternsAndAggregationsStayInsideAllowedNamespaces() throws Exception {
    String body = "{\"size\":1000,\"query\":{\"match_all\":{}},\"aggs\":{\"ns\":{\"terms\":{\"field\":\"kubernetes.namespace\"}},"
        + "\"per_minute\":{\"date_histogram\":{\"field\":\"@timestamp\",\"fixed_interval\":\"1m\",\"min_doc_count\":0}}}}";
    String shopOnly = "{\"size\":0,\"query\":{\"term\":{\"kubernetes.namespace\":\"shop\"}}}";
    for (String path : List.of("/es/logs*/_search", "/es/*/_search", "/es/_search", "/es/logs,logs-archive/_search")) {
      JsonNode answer = esAs("alice", "POST", path, body, 200);
      // a wildcard also reaches the live tail test's index, whose shop lines alice may see
      int shopLines = esAs("admin", "POST", path, shopOnly, 200).at("/hits/total/value").asInt();
      assertTrue(shopLines >= SHOP, path);
      assertEquals(shopLines, answer.at("/hits/total/value").asInt(), path);
      answer.at("/hits/hits").forEach(h -> assertEquals("shop", h.at("/_source/kubernetes/namespace").asText(), path));
      List<String> keys = new ArrayList<>();
      answer.at("/aggregations/ns/buckets").forEach(b -> keys.add(b.path("key").asText()));
      assertEquals(List.of("shop"), keys, path);
      int inBuckets = 0;
      for (JsonNode b : answer.at("/aggregations/per_minute/buckets")) {
        inBuckets += b.path("doc_count").asInt();
      }
      assertEquals(shopLines, inBuckets, path);
    }
    assertEquals(SHOP + PAYMENTS + HOST, esAs("admin", "POST", "/es/logs*/_search", body, 200).at("/hits/total/value").asInt());
  }

  @Test
  void multiSearchRestrictsEverySearchInIt() throws Exception {
    String body = "{\"index\":\"logs*\"}\n{\"query\":{\"match_all\":{}},\"size\":0,\"track_total_hits\":true}\n"
        + "{\"index\":\"*\"}\n{\"query\":{\"term\":{\"kubernetes.namespace\":\"payments\"}},\"size\":10}\n"
        + "{}\n{\"query\":{\"bool\":{\"should\":[{\"match\":{\"message\":\"charged\"}},{\"match\":{\"message\":\"order\"}}]}}}\n";
    JsonNode answer = esAs("alice", "POST", "/es/_msearch", body, 200);
    assertEquals(3, answer.path("responses").size(), answer.toString());
    assertEquals(SHOP, answer.at("/responses/0/hits/total/value").asInt());
    assertEquals(0, answer.at("/responses/1/hits/total/value").asInt());
    assertEquals(SHOP, answer.at("/responses/2/hits/total/value").asInt(), "a should-only bool keeps its meaning");
    assertFalse(answer.toString().contains("4111"));
  }

  @Test
  void partsThatReadPastTheFilterAreRefusedByName() throws Exception {
    Map<String, String> refused = Map.of(
        "{\"aggs\":{\"all\":{\"global\":{},\"aggs\":{\"ns\":{\"terms\":{\"field\":\"kubernetes.namespace\"}}}}}}", "[global]",
        "{\"aggs\":{\"ns\":{\"terms\":{\"field\":\"kubernetes.namespace\",\"min_doc_count\":0}}}}", "min_doc_count",
        "{\"aggs\":{\"sig\":{\"significant_terms\":{\"field\":\"kubernetes.namespace\"}}}}", "[significant_terms]",
        "{\"query\":{\"terms\":{\"kubernetes.namespace\":{\"index\":\"logs\",\"id\":\"p0\",\"path\":\"kubernetes.namespace\"}}}}", "terms lookup",
        "{\"query\":{\"wrapper\":{\"query\":\"eyJtYXRjaF9hbGwiOnt9fQ==\"}}}", "[wrapper]",
        "{\"suggest\":{\"s\":{\"text\":\"card\",\"term\":{\"field\":\"message\"}}}}", "[suggest]",
        "{\"query\":{\"more_like_this\":{\"like\":[{\"_index\":\"logs\",\"_id\":\"p0\"}]}}}", "[more_like_this]");
    for (Map.Entry<String, String> c : refused.entrySet()) {
      JsonNode error = esAs("alice", "POST", "/es/logs*/_search", c.getKey(), 400);
      assertTrue(error.at("/error/reason").asText().contains(c.getValue()), error.toString());
      assertEquals(400, error.path("status").asInt());
    }
    JsonNode q = esAs("alice", "GET", "/es/logs*/_search?q=kubernetes.namespace:payments", "", 400);
    assertTrue(q.at("/error/reason").asText().contains("[q]"), q.toString());
  }

  // ---- sessions

  @Test
  void signingInLeavesOnlyAnHttpOnlySecureStrictCookieAndSigningOutNeedsTheCsrfToken() throws Exception {
    HttpResponse<String> signIn = send("POST", "/api/session", "{\"token\":\"alice-token\"}", "Content-Type", "application/json");
    assertEquals(200, signIn.statusCode(), signIn.body());
    String setCookie = signIn.headers().firstValue("Set-Cookie").orElseThrow();
    for (String attribute : List.of("HttpOnly", "Secure", "SameSite=Strict", "Path=/")) {
      assertTrue(setCookie.contains(attribute), setCookie);
    }
    assertFalse(signIn.body().contains("alice-token"), "the token never goes back to the browser");
    String cookie = setCookie.substring(0, setCookie.indexOf(';'));
    JsonNode who = JSON.readTree(signIn.body());
    assertEquals("alice", who.path("user").asText());
    String csrf = who.path("csrf").asText();
    assertTrue(csrf.length() >= 32);

    HttpResponse<String> search = send("GET", "/api/search?from=now-1h", null, "Cookie", cookie);
    assertEquals(SHOP, JSON.readTree(search.body()).path("total").asInt());
    assertEquals(csrf, JSON.readTree(send("GET", "/api/session", null, "Cookie", cookie).body()).path("csrf").asText());

    assertEquals(403, send("DELETE", "/api/session", null, "Cookie", cookie).statusCode());
    assertEquals(403, send("DELETE", "/api/session", null, "Cookie", cookie, "X-CSRF-Token", "guess").statusCode());
    assertEquals(200, send("DELETE", "/api/session", null, "Cookie", cookie, "X-CSRF-Token", csrf).statusCode());
    assertEquals(401, send("GET", "/api/search", null, "Cookie", cookie).statusCode(), "signed out means signed out");
  }

  @Test
  void signInIsRefusedFromAnotherSiteWithABadTokenOrAsAForm() throws Exception {
    assertEquals(403, send("POST", "/api/session", "{\"token\":\"alice-token\"}", "Content-Type", "application/json",
        "Origin", "https://evil.example").statusCode());
    assertEquals(415, send("POST", "/api/session", "token=alice-token", "Content-Type",
        "application/x-www-form-urlencoded").statusCode());
    HttpResponse<String> bad = send("POST", "/api/session", "{\"token\":\"forged\"}", "Content-Type", "application/json");
    assertEquals(401, bad.statusCode());
    assertTrue(bad.headers().firstValue("Set-Cookie").isEmpty());
    assertEquals(401, send("GET", "/api/search", null, "Cookie", "trawl_session=made-up").statusCode());
  }

  // ---- the other modes

  @Test
  void proxyModeBelievesForwardedUsersOnlyFromTrustedAddresses() throws Exception {
    try (QueryUi proxied = start("proxy", Map.of("TRAWL_AUTH_PROXY_TRUSTED", "127.0.0.1/32"));
        QueryUi elsewhere = start("proxy", Map.of("TRAWL_AUTH_PROXY_TRUSTED", "10.0.0.0/8"))) {
      String url = "http://127.0.0.1:" + proxied.port() + "/api/search?from=now-1h";
      HttpResponse<String> alice = sendTo(url, "GET", null, "X-Forwarded-User", "alice", "X-Forwarded-Groups", "devs,oncall");
      assertEquals(SHOP, JSON.readTree(alice.body()).path("total").asInt(), alice.body());
      assertEquals(401, sendTo(url, "GET", null).statusCode());
      assertEquals(401, sendTo("http://127.0.0.1:" + elsewhere.port() + "/api/search", "GET", null,
          "X-Forwarded-User", "admin").statusCode(), "a forwarded user from an untrusted address is no one");
    }
    ConfigException bad = assertThrows(ConfigException.class,
        () -> start("proxy", Map.of("TRAWL_AUTH_PROXY_TRUSTED", "10.0.0.0/33")));
    assertTrue(bad.getMessage().contains("auth.proxy.trusted"), bad.getMessage());
  }

  @Test
  void localModeSaysItIsOpenToEveryone() throws Exception {
    try (QueryUi open = start("none", Map.of())) {
      JsonNode session = JSON.readTree(sendTo("http://127.0.0.1:" + open.port() + "/api/session", "GET", null).body());
      assertEquals("none", session.path("mode").asText());
      assertTrue(session.path("notice").asText().contains("anyone"), session.toString());
      JsonNode all = JSON.readTree(sendTo("http://127.0.0.1:" + open.port() + "/api/search?from=now-1h", "GET", null).body());
      assertEquals(SHOP + PAYMENTS + HOST, all.path("total").asInt());
    }
  }

  // ---- helpers

  private static JsonNode apiAs(String user, String path) throws Exception {
    HttpResponse<String> r = send("GET", path, null, "Authorization", "Bearer " + user + "-token");
    assertEquals(200, r.statusCode(), path + ": " + r.body());
    return JSON.readTree(r.body());
  }

  private static JsonNode esAs(String user, String method, String path, String body, int status) throws Exception {
    HttpResponse<String> r = send(method, path, body.isEmpty() ? null : body, "Authorization", "Bearer " + user + "-token",
        "Content-Type", path.contains("_msearch") ? "application/x-ndjson" : "application/json");
    assertEquals(status, r.statusCode(), path + ": " + r.body());
    return JSON.readTree(r.body());
  }

  private static HttpResponse<String> send(String method, String path, String body, String... headers) throws Exception {
    return sendTo(base + path, method, body, headers);
  }

  private static HttpResponse<String> sendTo(String url, String method, String body, String... headers) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String enc(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }

  private static JsonNode read(String text) {
    try {
      return JSON.readTree(text);
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
