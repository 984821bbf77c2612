package dev.trawl.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trawl.config.ConfigLoader;
import dev.trawl.indexer.Indexer;
import dev.trawl.indexer.IndexerConfig;
import dev.trawl.queryui.QueryUi;
import dev.trawl.queryui.QueryUiConfig;
import dev.trawl.testing.Await;
import dev.trawl.testing.Http;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * Signing in as a user of the cluster, in headless Chromium: the query UI in
 * {@code auth.mode: kubernetes} against a mock API server where alice-token is alice, who may read
 * pod logs in namespace shop only.
 */
class SignInBrowserTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  private KubernetesMockServer api;
  private Indexer indexer;
  private QueryUi ui;
  private ChromeDriver browser;

  @BeforeEach
  void start() throws Exception {
    browser = HeadlessChromium.start(dir.resolve("chrome"));
    api = new KubernetesMockServer(false);
    api.init(InetAddress.getLoopbackAddress(), 0);
    api.expect().post().withPath("/apis/authentication.k8s.io/v1/tokenreviews").andReply(200, request -> Map.of(
        "apiVersion", "authentication.k8s.io/v1", "kind", "TokenReview", "status",
        read(request.getUtf8Body()).at("/spec/token").asText().equals("alice-token")
            ? Map.of("authenticated", true, "user", Map.of("username", "alice", "groups", List.of("system:authenticated")))
            : Map.of("authenticated", false))).always();
    api.expect().post().withPath("/apis/authorization.k8s.io/v1/subjectaccessreviews").andReply(200, request -> Map.of(
        "apiVersion", "authorization.k8s.io/v1", "kind", "SubjectAccessReview", "status", Map.of("allowed",
            read(request.getUtf8Body()).at("/spec/resourceAttributes/namespace").asText().equals("shop")))).always();
    indexer = Indexer.start(new ConfigLoader(IndexerConfig.KEYS).load(null, Map.of("TRAWL_DATA_DIR", dir.resolve("idx").toString(),
        "TRAWL_HTTP_PORT", "0", "TRAWL_HTTP_HOST", "127.0.0.1", "TRAWL_REFRESH_INTERVAL", "100ms")));
    StringBuilder bulk = new StringBuilder();
    Instant now = Instant.now();
    for (String ns : List.of("shop", "shop", "payments")) {
      bulk.append("{\"create\":{\"_index\":\"logs\"}}\n{\"@timestamp\":\"").append(now = now.minusSeconds(1))
          .append("\",\"message\":\"a line of ").append(ns).append("\",\"kubernetes\":{\"namespace\":\"").append(ns).append("\"}}\n");
    }
    Http.post("http://127.0.0.1:" + indexer.port() + "/_bulk", "application/x-ndjson", bulk.toString().getBytes(StandardCharsets.UTF_8));
    Await.until("lines searchable", Duration.ofSeconds(10),
        () -> Http.get("http://127.0.0.1:" + indexer.port() + "/logs/_count").body().contains("\"count\":3"));
    ui = QueryUi.start(new ConfigLoader(QueryUiConfig.KEYS).load(null, Map.of(
        "TRAWL_INDEXER_URL", "http://127.0.0.1:" + indexer.port(), "TRAWL_HTTP_PORT", "0", "TRAWL_HTTP_HOST", "127.0.0.1",
        "TRAWL_TLS_PORT", "0", "TRAWL_AUTH_MODE", "kubernetes", "TRAWL_KUBE_URL", api.url("/"))));
  }

  @AfterEach
  void stop() {
    if (browser != null) {
      browser.quit();
    }
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

  @Test
  void aUserSignsInWithATokenSeesOnlyTheirNamespacesAndSignsOut() {
    browser.get(ui.url());
    WebElement form = browser.findElement(By.id("signin-backdrop"));
    Await.until("the sign-in form", Duration.ofSeconds(10), form::isDisplayed);
    assertTrue(rows().isEmpty(), "nothing is shown before signing in");

    browser.findElement(By.id("token")).sendKeys("not-a-token");
    browser.findElement(By.cssSelector("#signin button[type=submit]")).click();
    WebElement error = browser.findElement(By.id("signin-error"));
    Await.until("the refusal", Duration.ofSeconds(10), error::isDisplayed);
    assertTrue(error.getText().contains("not accepted"), error.getText());

    browser.findElement(By.id("token")).sendKeys("alice-token");
    browser.findElement(By.cssSelector("#signin button[type=submit]")).click();
    Await.until("alice's lines", Duration.ofSeconds(15), () -> rows().size() == 2);
    assertFalse(browser.findElement(By.id("signin-backdrop")).isDisplayed());
    rows().forEach(r -> assertTrue(r.getText().contains("a line of shop"), r.getText()));
    assertTrue(browser.findElement(By.id("access-text")).getText().contains("Signed in as alice"));
    assertEquals("", browser.executeScript("return document.cookie"), "the session cookie is HttpOnly");
    assertEquals("", browser.findElement(By.id("token")).getAttribute("value"), "the token is not kept in the page");

    browser.findElement(By.id("signout")).click();
    Await.until("the sign-in form again", Duration.ofSeconds(10),
        () -> browser.findElement(By.id("signin-backdrop")).isDisplayed());
  }

  private List<WebElement> rows() {
    return browser.findElements(By.cssSelector("#results tbody tr.hit"));
  }

  private static JsonNode read(String text) {
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
