package dev.trawl.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trawl.config.ConfigLoader;
import dev.trawl.indexer.Indexer;
import dev.trawl.indexer.IndexerConfig;
import dev.trawl.queryui.QueryUi;
import dev.trawl.queryui.QueryUiConfig;
import dev.trawl.testing.Await;
import dev.trawl.testing.Http;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

/** The query UI in headless Chromium (Debian's), driven by Selenium, over a real indexer. */
class BrowserTest {
  private static final List<String> HOSTILE = List.of(
      "<img src=x onerror=\"window.__pwned='img'\">",
      "</script><script>window.__pwned='script'</script>",
      "<svg onload=\"window.__pwned='svg'\"></svg> and <b>bold</b> &amp; entities");

  @TempDir Path dir;
  private Indexer indexer;
  private QueryUi ui;
  private ChromeDriver browser;

  @BeforeEach
  void start() throws Exception {
    indexer = Indexer.start(new ConfigLoader(IndexerConfig.KEYS).load(null, Map.of("TRAWL_DATA_DIR", dir.resolve("idx").toString(),
        "TRAWL_HTTP_PORT", "0", "TRAWL_HTTP_HOST", "127.0.0.1", "TRAWL_REFRESH_INTERVAL", "100ms")));
    Path saved = Files.writeString(dir.resolve("saved.yaml"), "errors: log.level:error\n");
    ui = QueryUi.start(new ConfigLoader(QueryUiConfig.KEYS).load(null, Map.of(
        "TRAWL_INDEXER_URL", "http://127.0.0.1:" + indexer.port(), "TRAWL_HTTP_PORT", "0", "TRAWL_TLS_PORT", "0",
        "TRAWL_SAVED_SEARCHES_FILE", saved.toString())));
    StringBuilder bulk = new StringBuilder();
    Instant now = Instant.now();
    int i = 0;
    for (String message : HOSTILE) {
      bulk.append("{\"create\":{\"_index\":\"logs\",\"_id\":\"h").append(i).append("\"}}\n");
      bulk.append("{\"@timestamp\":\"").append(now.minusSeconds(10 + i)).append("\",\"message\":")
          .append(new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(message))
          .append(",\"log\":{\"level\":\"error\"},\"kubernetes\":{\"namespace\":\"evil\",\"pod\":{\"name\":\"x-").append(i)
          .append("\"},\"container\":{\"name\":\"c\"}}}\n");
      i++;
    }
    bulk.append("{\"create\":{\"_index\":\"logs\",\"_id\":\"ok\"}}\n{\"@timestamp\":\"").append(now.minusSeconds(5))
        .append("\",\"message\":\"checkout finished\",\"stream\":\"stdout\",\"kubernetes\":{\"namespace\":\"shop\",\"pod\":{\"name\":\"cart-1\"}}}\n");
    Http.post("http://127.0.0.1:" + indexer.port() + "/_bulk", "application/x-ndjson", bulk.toString().getBytes(StandardCharsets.UTF_8));
    Await.until("documents searchable", Duration.ofSeconds(10),
        () -> Http.get(ui.url() + "api/search?q=*").body().contains("\"total\":4"));
    browser = HeadlessChromium.start(dir.resolve("chrome"));
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
  }

  private List<WebElement> rows() {
    return browser.findElements(By.cssSelector("#results tbody tr.hit"));
  }

  private List<String> pills() {
    return browser.findElements(By.cssSelector("#pills .pill button.toggle")).stream().map(WebElement::getText).toList();
  }

  @Test
  void localModeSaysThePageIsOpenToEveryoneAndAsksNoSignIn() {
    browser.get(ui.url());
    Await.until("rows", Duration.ofSeconds(15), () -> rows().size() == 4);
    assertTrue(browser.findElement(By.id("access-text")).getText().contains("open to everyone"));
    assertFalse(browser.findElement(By.id("signin-backdrop")).isDisplayed());
    assertFalse(browser.findElement(By.id("signout")).isDisplayed());
  }

  @Test
  void autoRefreshShowsNewLinesWithoutAReload() throws Exception {
    browser.get(ui.url() + "?q=&from=now-15m&to=now&refresh=5s");
    Await.until("all rows", Duration.ofSeconds(15), () -> rows().size() == 4);
    assertEquals("5s", new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("refresh")))
        .getFirstSelectedOption().getAttribute("value"));
    Http.post("http://127.0.0.1:" + indexer.port() + "/_bulk", "application/x-ndjson", ("{\"create\":{\"_index\":\"logs\"}}\n"
        + "{\"@timestamp\":\"" + Instant.now() + "\",\"message\":\"fresh line\"}\n").getBytes(StandardCharsets.UTF_8));
    Await.until("the new line, by the next refresh", Duration.ofSeconds(20), () -> rows().size() == 5);
    assertEquals("fresh line", browser.findElement(By.cssSelector("#results td.message")).getText(), "newest first");
  }

  private void screenshot(String name) throws Exception {
    Path out = Path.of("target", "screenshots");
    Files.createDirectories(out);
    Files.write(out.resolve(name + ".png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
  }

  @Test
  void hostileLogContentShowsAsTextAndNeverRuns() throws Exception {
    browser.get(ui.url() + "?q=kubernetes.namespace:evil&from=now-15m");
    Await.until("three hostile rows", Duration.ofSeconds(15), () -> rows().size() == 3);
    List<String> shown = browser.findElements(By.cssSelector("#results td.message")).stream().map(WebElement::getText).toList();
    assertEquals(HOSTILE, shown, "the markup is shown literally");
    assertTrue(browser.findElements(By.cssSelector("#results img, #results svg, #results b, #results script")).isEmpty(),
        "no element was injected");
    assertNull(((JavascriptExecutor) browser).executeScript("return window.__pwned;"), "no injected script ran");
    assertThrows(NoAlertPresentException.class, () -> browser.switchTo().alert());
    rows().get(0).click();
    WebElement fieldTable = Await.until("expanded document", Duration.ofSeconds(5),
        () -> browser.findElement(By.cssSelector("tr.detail table.document")), WebElement::isDisplayed);
    assertTrue(fieldTable.getText().contains("kubernetes.namespace evil"), fieldTable.getText());
    assertTrue(fieldTable.getText().contains("message " + HOSTILE.get(0)), "the field table shows text: " + fieldTable.getText());
    browser.findElement(By.cssSelector("tr.detail button.as-json")).click();
    WebElement detail = browser.findElement(By.cssSelector("tr.detail pre"));
    assertTrue(detail.isDisplayed() && !fieldTable.isDisplayed(), "JSON view instead of the table");
    assertTrue(detail.getText().contains("\"namespace\": \"evil\""), detail.getText());
    browser.findElement(By.cssSelector("tr.detail button.copy")).click();
    Await.until("copied", Duration.ofSeconds(5), () -> browser.findElement(By.cssSelector("tr.detail button.copy")).getText(),
        "Copied"::equals);
    assertTrue(browser.findElements(By.cssSelector("#results img, #results svg, #results b, #results script")).isEmpty());
    browser.findElement(By.cssSelector("tr.detail button.surrounding")).click();
    WebElement current = Await.until("surrounding lines", Duration.ofSeconds(10),
        () -> browser.findElement(By.cssSelector("ol.context li.current")), WebElement::isDisplayed);
    assertTrue(current.getText().endsWith(HOSTILE.get(0)), "the hit itself, as text: " + current.getText());
    screenshot("hostile-content");

    browser.get(ui.url() + "?q=onerror&from=now-15m");
    Await.until("the hostile line with the word marked", Duration.ofSeconds(15), () -> rows().size() == 1
        && !browser.findElements(By.cssSelector("#results td.message mark")).isEmpty());
    assertEquals(HOSTILE.get(0), browser.findElement(By.cssSelector("#results td.message")).getText(), "highlighted, still text");
    assertTrue(browser.findElements(By.cssSelector("#results img, #results svg, #results b, #results script")).isEmpty());
    assertNull(((JavascriptExecutor) browser).executeScript("return window.__pwned;"), "no injected script ran");
  }

  @Test
  void theHistogramCountsHitsByLevelAndDragZoomNarrowsTheRange() throws Exception {
    var api = new com.fasterxml.jackson.databind.ObjectMapper().readTree(
        Http.get(ui.url() + "api/histogram?from=now-15m&to=now&interval=30s").body());
    long sum = 0;
    long errors = 0;
    for (var b : api.path("buckets")) {
      sum += b.path("count").asLong();
      errors += b.path("levels").path("error").asLong();
    }
    assertEquals(4, sum);
    assertEquals(3, errors, "the hostile lines are errors, the other has no level");
    assertTrue(api.path("buckets").size() >= 30, "empty buckets fill the range: " + api.path("buckets").size());

    browser.get(ui.url());
    Await.until("all rows", Duration.ofSeconds(15), () -> rows().size() == 4);
    List<WebElement> bars = Await.until("histogram bars", Duration.ofSeconds(15),
        () -> browser.findElements(By.cssSelector("#histogram .bar")), b -> b.size() >= 30);
    assertEquals(4, bars.stream().mapToInt(b -> Integer.parseInt(b.getAttribute("data-count"))).sum());
    assertFalse(browser.findElements(By.cssSelector("#histogram .seg.level-error")).isEmpty(), "errors are drawn in their colour");
    new org.openqa.selenium.interactions.Actions(browser).clickAndHold(bars.get(0)).moveToElement(bars.get(3)).release().perform();
    Await.until("zoomed to the first, empty buckets", Duration.ofSeconds(15),
        () -> browser.getCurrentUrl().contains("from=20") && rows().isEmpty());
    assertTrue(browser.getCurrentUrl().contains("to=20"), browser.getCurrentUrl());
    assertTrue(browser.findElement(By.id("from")).isDisplayed(), "a zoom is a custom range");
    assertTrue(browser.findElement(By.id("from")).getAttribute("value").startsWith("20"));
    screenshot("histogram-zoomed");
    browser.navigate().back();
    Await.until("back to the quick range", Duration.ofSeconds(15), () -> rows().size() == 4);
    assertFalse(browser.findElement(By.id("from")).isDisplayed());
  }

  @Test
  void customRangesTakeAbsoluteTimesAndDateMath() throws Exception {
    browser.get(ui.url());
    Await.until("all rows", Duration.ofSeconds(15), () -> rows().size() == 4);
    new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("range"))).selectByValue("custom");
    WebElement from = browser.findElement(By.id("from"));
    WebElement to = browser.findElement(By.id("to"));
    assertEquals("now-15m", from.getAttribute("value"), "the current range to edit");
    from.clear();
    from.sendKeys("2020-01-01T00:00:00Z");
    to.clear();
    to.sendKeys("2020-01-02T00:00:00Z");
    browser.findElement(By.cssSelector("#search button")).click();
    Await.until("a day without logs", Duration.ofSeconds(15),
        () -> rows().isEmpty() && browser.getCurrentUrl().contains("from=2020-01-01T00%3A00%3A00Z"));
    browser.findElement(By.id("from")).clear();
    browser.findElement(By.id("from")).sendKeys("now-90m");
    browser.findElement(By.id("to")).clear();
    browser.findElement(By.id("to")).sendKeys("now");
    browser.findElement(By.cssSelector("#search button")).click();
    Await.until("the last 90 minutes, date math", Duration.ofSeconds(15), () -> rows().size() == 4);
    browser.findElement(By.id("from")).clear();
    browser.findElement(By.id("from")).sendKeys("yesterday");
    browser.findElement(By.cssSelector("#search button")).click();
    WebElement error = Await.until("the indexer's reason", Duration.ofSeconds(15), () -> browser.findElement(By.id("error")),
        WebElement::isDisplayed);
    assertTrue(error.getText().contains("yesterday"), error.getText());
  }

  @Test
  void fieldTopValuesFilterInAndOut() throws Exception {
    browser.get(ui.url());
    Await.until("all rows", Duration.ofSeconds(15), () -> rows().size() == 4);
    By shop = By.cssSelector("#fields .value[data-field='kubernetes.namespace'][data-value='shop']");
    WebElement row = Await.until("namespace top values", Duration.ofSeconds(15), () -> browser.findElement(shop), WebElement::isDisplayed);
    assertEquals("25%", row.findElement(By.className("share")).getText(), "one of four lines");
    row.findElement(By.className("include")).click();
    Await.until("only shop", Duration.ofSeconds(15), () -> rows().size() == 1);
    assertTrue(browser.getCurrentUrl().contains("filters="), browser.getCurrentUrl());
    assertEquals(List.of("kubernetes.namespace: shop"), pills());
    assertEquals("", browser.findElement(By.id("q")).getAttribute("value"), "a pill, not query text");
    browser.navigate().back();
    Await.until("all rows again", Duration.ofSeconds(15), () -> rows().size() == 4 && pills().isEmpty());
    Await.until("sidebar redrawn", Duration.ofSeconds(15), () -> browser.findElement(shop), WebElement::isDisplayed)
        .findElement(By.className("exclude")).click();
    Await.until("all but shop", Duration.ofSeconds(15), () -> rows().size() == 3);
    assertEquals(List.of("NOT kubernetes.namespace: shop"), pills());
    browser.findElement(By.cssSelector("#pills .pill button.toggle")).click();
    Await.until("negation undone: only shop", Duration.ofSeconds(15), () -> rows().size() == 1);
    assertEquals(List.of("kubernetes.namespace: shop"), pills());
    browser.navigate().refresh();
    Await.until("the pill survives a reload", Duration.ofSeconds(15),
        () -> rows().size() == 1 && pills().equals(List.of("kubernetes.namespace: shop")));
    screenshot("fields");
    browser.findElement(By.cssSelector("#pills .pill button.remove")).click();
    Await.until("pill removed", Duration.ofSeconds(15), () -> rows().size() == 4 && pills().isEmpty());

    Await.until("any field of the results", Duration.ofSeconds(15),
        () -> browser.findElement(By.cssSelector("#field-list li[data-field='log.level'] button.name")), WebElement::isDisplayed).click();
    WebElement error = browser.findElement(By.cssSelector("#field-list li[data-field='log.level'] .sample .value[data-value='error']"));
    assertEquals("75%", error.findElement(By.className("share")).getText(), "three of the four lines shown");
    error.findElement(By.className("include")).click();
    Await.until("only errors", Duration.ofSeconds(15), () -> rows().size() == 3 && pills().equals(List.of("log.level: error")));
  }

  @Test
  void scrollingToTheEndLoadsTheNextPage() throws Exception {
    StringBuilder bulk = new StringBuilder();
    Instant now = Instant.now();
    for (int i = 0; i < 250; i++) {
      bulk.append("{\"create\":{\"_index\":\"logs\",\"_id\":\"m").append(i).append("\"}}\n{\"@timestamp\":\"")
          .append(now.minusMillis(1000 + i)).append("\",\"message\":\"line ").append(i)
          .append("\",\"kubernetes\":{\"namespace\":\"many\"}}\n");
    }
    Http.post("http://127.0.0.1:" + indexer.port() + "/_bulk", "application/x-ndjson", bulk.toString().getBytes(StandardCharsets.UTF_8));
    Await.until("documents searchable", Duration.ofSeconds(10),
        () -> Http.get(ui.url() + "api/search?size=0&q=kubernetes.namespace:many").body().contains("\"total\":250"));
    browser.get(ui.url() + "?q=kubernetes.namespace%3Amany");
    Await.until("the first page", Duration.ofSeconds(15), () -> rows().size() == 200);
    ((JavascriptExecutor) browser).executeScript("document.getElementById('more').scrollIntoView()");
    Await.until("the second page appended", Duration.ofSeconds(15), () -> rows().size() == 250);
    List<String> messages = browser.findElements(By.cssSelector("#results td.message")).stream().map(WebElement::getText).toList();
    assertEquals("line 0", messages.get(0));
    assertEquals("line 249", messages.get(249));
    assertEquals(250, new java.util.HashSet<>(messages).size(), "no line twice across pages");
  }

  @Test
  void searchesLiveInTheUrlAndBadQueriesShowTheIndexersReason() throws Exception {
    browser.get(ui.url());
    Await.until("all rows", Duration.ofSeconds(15), () -> rows().size() == 4);
    WebElement q = browser.findElement(By.id("q"));
    q.sendKeys("message:checkout");
    browser.findElement(By.cssSelector("#search button")).click();
    Await.until("filtered rows", Duration.ofSeconds(15), () -> rows().size() == 1);
    assertTrue(browser.getCurrentUrl().contains("q=message%3Acheckout"), browser.getCurrentUrl());
    assertEquals(List.of("checkout"), browser.findElements(By.cssSelector("#results td.message mark")).stream()
        .map(WebElement::getText).toList(), "the matched word is marked");
    assertEquals("checkout finished", browser.findElement(By.cssSelector("#results td.message")).getText());
    browser.navigate().refresh();
    Await.until("same view after reload", Duration.ofSeconds(15),
        () -> rows().size() == 1 && "message:checkout".equals(browser.findElement(By.id("q")).getAttribute("value")));
    screenshot("search");
    browser.navigate().back();
    Await.until("back to all rows", Duration.ofSeconds(15), () -> rows().size() == 4);

    WebElement box = browser.findElement(By.id("q"));
    box.clear();
    box.sendKeys("message:(unclosed");
    browser.findElement(By.cssSelector("#search button")).click();
    WebElement error = Await.until("error shown", Duration.ofSeconds(15), () -> browser.findElement(By.id("error")),
        WebElement::isDisplayed);
    assertTrue(error.getText().contains("Failed to parse query"), error.getText());
  }

  private void write(String id, String message, String namespace) throws Exception {
    Http.post("http://127.0.0.1:" + indexer.port() + "/_bulk", "application/x-ndjson", ("{\"create\":{\"_index\":\"logs\",\"_id\":\""
        + id + "\"}}\n{\"@timestamp\":\"" + Instant.now() + "\",\"message\":\"" + message
        + "\",\"kubernetes\":{\"namespace\":\"" + namespace + "\",\"pod\":{\"name\":\"cart-1\"}}}\n").getBytes(StandardCharsets.UTF_8));
  }

  private List<String> messages() {
    return browser.findElements(By.cssSelector("#results tr.hit td.message")).stream().map(WebElement::getText).toList();
  }

  @Test
  void liveTailStreamsNewLinesAndPauses() throws Exception {
    browser.get(ui.url() + "?q=kubernetes.namespace:shop");
    Await.until("the shop line", Duration.ofSeconds(15), () -> rows().size() == 1);
    browser.findElement(By.id("live")).click();
    Await.until("live, with a pause button", Duration.ofSeconds(15), () -> browser.getCurrentUrl().contains("live=1")
        && browser.findElement(By.id("pause")).isDisplayed() && browser.findElement(By.id("summary")).getText().startsWith("Live"));
    Await.until("the stream is open", Duration.ofSeconds(15), () -> liveTails() == 1);
    write("live-1", "order 1 paid", "shop");
    Await.until("the new line within 2 s", Duration.ofSeconds(2), () -> messages().contains("order 1 paid"));
    assertEquals(List.of("order 1 paid", "checkout finished"), messages(), "newest on top, nothing shown twice");
    write("other-ns", "not for this query", "web");

    browser.findElement(By.id("pause")).click();
    assertEquals("Resume", browser.findElement(By.id("pause")).getText());
    Await.until("the stream closed while paused", Duration.ofSeconds(15), () -> liveTails() == 0);
    write("live-2", "order 2 paid", "shop");
    assertEquals(List.of("order 1 paid", "checkout finished"), messages(), "nothing arrives while paused");
    browser.findElement(By.id("pause")).click();
    Await.until("the line written during the pause, on resume", Duration.ofSeconds(15),
        () -> messages().equals(List.of("order 2 paid", "order 1 paid", "checkout finished")));
    assertTrue(browser.findElement(By.id("summary")).getText().startsWith("Live: 2 new lines"),
        browser.findElement(By.id("summary")).getText());
    screenshot("live-tail");
    browser.findElement(By.id("live")).click();
    Await.until("live off", Duration.ofSeconds(15), () -> !browser.getCurrentUrl().contains("live=1") && liveTails() == 0);
  }

  private int liveTails() throws Exception {
    for (String line : Http.get(ui.url() + "metrics").body().split("\n")) {
      if (line.startsWith("trawl_queryui_live_tails ")) {
        return (int) Double.parseDouble(line.substring(line.indexOf(' ') + 1));
      }
    }
    throw new AssertionError("no trawl_queryui_live_tails gauge");
  }

  @Test
  void chosenColumnsAndTheOpenDocumentLiveInTheUrl() throws Exception {
    browser.get(ui.url());
    Await.until("all rows", Duration.ofSeconds(15), () -> rows().size() == 4);
    WebElement stream = Await.until("the stream field in the list", Duration.ofSeconds(15),
        () -> browser.findElement(By.cssSelector("#field-list li[data-field='stream'] button.column-toggle")), WebElement::isDisplayed);
    stream.click();
    Await.until("a stream column", Duration.ofSeconds(15),
        () -> !browser.findElements(By.cssSelector("#columns th[data-column='stream']")).isEmpty() && rows().size() == 4);
    assertTrue(browser.getCurrentUrl().contains("columns="), browser.getCurrentUrl());
    WebElement pod = browser.findElement(By.cssSelector("#columns th[data-column='kubernetes.pod.name']"));
    new org.openqa.selenium.interactions.Actions(browser).moveToElement(pod).perform();
    pod.findElement(By.className("remove-column")).click();
    Await.until("pod column gone", Duration.ofSeconds(15),
        () -> browser.findElements(By.cssSelector("#columns th[data-column='kubernetes.pod.name']")).isEmpty() && rows().size() == 4);
    List<String> heads = browser.findElements(By.cssSelector("#columns th")).stream().map(h -> h.getText().replace("×", "").trim()).toList();
    assertEquals(List.of("Time", "Namespace", "Container", "Level", "Message", "stream"), heads);
    WebElement shop = rows().stream().filter(r -> r.getText().contains("checkout finished")).findFirst().orElseThrow();
    assertTrue(shop.getText().contains("stdout"), shop.getText());
    shop.click();
    Await.until("the open document in the URL", Duration.ofSeconds(5), () -> browser.getCurrentUrl().contains("doc=ok"));

    browser.navigate().refresh();
    WebElement detail = Await.until("the same columns and the document open after a reload", Duration.ofSeconds(15),
        () -> browser.findElement(By.cssSelector("tr.detail table.document")), WebElement::isDisplayed);
    assertTrue(detail.getText().contains("_id ok"), detail.getText());
    assertEquals(6, browser.findElements(By.cssSelector("#columns th")).size());

    browser.findElement(By.cssSelector("tr.detail button.copy-link")).click();
    Await.until("link copied", Duration.ofSeconds(5), () -> browser.findElement(By.cssSelector("tr.detail button.copy-link")).getText(),
        "Copied"::equals);
    browser.setPermission("clipboard-read", "granted");
    String link = (String) ((JavascriptExecutor) browser).executeAsyncScript(
        "navigator.clipboard.readText().then(arguments[0], e => arguments[0]('unreadable: ' + e))");
    assertTrue(link.startsWith(ui.url() + "?") && link.contains("doc=ok") && link.contains("columns=")
        && link.contains("from=20") && link.contains("to=20"), "absolute times around the line: " + link);
    browser.get(link);
    Await.until("the linked document open", Duration.ofSeconds(15),
        () -> browser.findElement(By.cssSelector("tr.detail table.document")).getText().contains("_id ok"));

    browser.get(ui.url() + "?q=message:nothing-matches&doc=h1");
    WebElement pinned = Await.until("a linked document outside the results, pinned", Duration.ofSeconds(15),
        () -> browser.findElement(By.cssSelector("tr.hit.pinned + tr.detail table.document")), WebElement::isDisplayed);
    assertTrue(pinned.getText().contains("_id h1"), pinned.getText());
    screenshot("columns-and-document");
  }

  @Test
  void theQueryBarCompletesFieldNames() throws Exception {
    browser.get(ui.url());
    Await.until("all rows", Duration.ofSeconds(15), () -> rows().size() == 4);
    WebElement q = browser.findElement(By.id("q"));
    q.sendKeys("kube");
    List<String> offered = Await.until("suggestions", Duration.ofSeconds(5), () -> browser.findElements(By.cssSelector("#suggestions li"))
        .stream().map(WebElement::getText).toList(), l -> !l.isEmpty());
    assertTrue(offered.contains("kubernetes.pod.name") && offered.stream().allMatch(f -> f.startsWith("kubernetes.")), offered.toString());
    q.sendKeys("rnetes.namesp");
    Await.until("narrowed", Duration.ofSeconds(5), () -> browser.findElement(By.cssSelector("#suggestions li")).getText(),
        "kubernetes.namespace"::equals);
    q.sendKeys(org.openqa.selenium.Keys.ARROW_DOWN, org.openqa.selenium.Keys.ENTER);
    assertEquals("kubernetes.namespace:", q.getAttribute("value"));
    assertFalse(browser.findElement(By.id("suggestions")).isDisplayed());
    q.sendKeys("shop AND mess");
    Await.until("message offered", Duration.ofSeconds(5), () -> browser.findElement(By.cssSelector("#suggestions li")).getText(),
        "message"::equals);
    q.sendKeys(org.openqa.selenium.Keys.TAB);
    q.sendKeys("checkout");
    assertEquals("kubernetes.namespace:shop AND message:checkout", q.getAttribute("value"));
    q.sendKeys(org.openqa.selenium.Keys.ENTER);
    Await.until("the completed query ran", Duration.ofSeconds(15), () -> rows().size() == 1
        && browser.getCurrentUrl().contains("q=kubernetes.namespace%3Ashop+AND+message%3Acheckout"));
  }

  @Test
  void namespacePodAndContainerPickersNarrowToOnePod() throws Exception {
    browser.get(ui.url());
    Await.until("all rows", Duration.ofSeconds(15), () -> rows().size() == 4);
    var namespaces = new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("pick-namespace")));
    Await.until("namespaces listed", Duration.ofSeconds(15), () -> namespaces.getOptions().size() == 3);
    assertEquals(List.of("All namespaces", "evil", "shop"), namespaces.getOptions().stream().map(WebElement::getText).toList());
    namespaces.selectByValue("evil");
    Await.until("the evil namespace", Duration.ofSeconds(15), () -> rows().size() == 3);
    assertEquals(List.of("kubernetes.namespace: evil"), pills());
    var pods = new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("pick-pod")));
    Await.until("its pods listed", Duration.ofSeconds(15), () -> pods.getOptions().size() == 4);
    pods.selectByValue("x-1");
    Await.until("one pod", Duration.ofSeconds(15), () -> rows().size() == 1);
    assertEquals(List.of("kubernetes.namespace: evil", "kubernetes.pod.name: x-1"), pills());
    assertEquals("x-1", new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("pick-pod")))
        .getFirstSelectedOption().getAttribute("value"), "the picker shows the pill it set");
    new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("pick-namespace"))).selectByValue("");
    Await.until("both pickers cleared", Duration.ofSeconds(15), () -> rows().size() == 4 && pills().isEmpty());
  }

  @Test
  void searchesSavedByNameComeBack() throws Exception {
    browser.get(ui.url() + "?q=message:checkout&from=now-1h");
    Await.until("one row", Duration.ofSeconds(15), () -> rows().size() == 1);
    browser.findElement(By.id("save-name")).sendKeys("checkouts");
    browser.findElement(By.id("save")).click();
    var saved = new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("saved")));
    assertEquals("mine:checkouts", saved.getFirstSelectedOption().getAttribute("value"), "the current search is the saved one");
    assertTrue(browser.findElement(By.id("unsave")).isDisplayed());
    browser.get(ui.url());
    Await.until("all rows", Duration.ofSeconds(15), () -> rows().size() == 4);
    new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("saved"))).selectByValue("mine:checkouts");
    Await.until("the saved search back", Duration.ofSeconds(15), () -> rows().size() == 1
        && browser.getCurrentUrl().contains("q=message%3Acheckout") && browser.getCurrentUrl().contains("from=now-1h"));
    var team = Await.until("the team's saved searches", Duration.ofSeconds(15),
        () -> new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("saved"))),
        s -> s.getOptions().stream().anyMatch(o -> "team:errors".equals(o.getAttribute("value"))));
    team.selectByValue("team:errors");
    Await.until("the team's error search", Duration.ofSeconds(15), () -> rows().size() == 3
        && "log.level:error".equals(browser.findElement(By.id("q")).getAttribute("value")));
    new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("saved"))).selectByValue("mine:checkouts");
    Await.until("mine again", Duration.ofSeconds(15), () -> rows().size() == 1);
    browser.findElement(By.id("unsave")).click();
    assertTrue(new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("saved"))).getOptions().stream()
        .noneMatch(o -> "mine:checkouts".equals(o.getAttribute("value"))), "deleted");
  }
}
