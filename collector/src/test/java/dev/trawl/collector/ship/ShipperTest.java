package dev.trawl.collector.ship;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.trawl.collector.queue.NodeQueue;
import dev.trawl.collector.queue.Stream;
import dev.trawl.testing.Await;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shipper against a fake {@code _bulk} endpoint on loopback that fails in the ways indexers do. */
class ShipperTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  private HttpServer server;
  private final Set<String> stored = ConcurrentHashMap.newKeySet();
  private final List<String> requests = Collections.synchronizedList(new ArrayList<>());
  private final AtomicInteger throttleFirst = new AtomicInteger();
  /** Requests holding this id wait for {@link #release} before they are answered. */
  private volatile String holdId = "";
  private final CountDownLatch release = new CountDownLatch(1);
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private DeadLetters deadLetters;
  /** Item statuses (429, 503) answered for these ids the first time they come. */
  private final Map<String, Integer> failItemOnce = new ConcurrentHashMap<>();
  /**
   * How the next requests fail, one step each: "cut" stores the documents and stops the answer
   * halfway, closing the connection; "stall" leaves the request unanswered until another one
   * arrives (slower than the client waits).
   */
  private final Queue<String> plan = new ConcurrentLinkedQueue<>();
  private volatile CountDownLatch stalled = new CountDownLatch(0);

  @BeforeEach
  void startFakeIndexer() throws IOException {
    deadLetters = new DeadLetters(dir.resolve("dead"), 1 << 20, registry);
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/_bulk", ex -> {
      byte[] raw = ex.getRequestBody().readAllBytes();
      InputStream in = "gzip".equals(ex.getRequestHeaders().getFirst("Content-Encoding"))
          ? new GZIPInputStream(new ByteArrayInputStream(raw)) : new ByteArrayInputStream(raw);
      String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      requests.add(body);
      stalled.countDown();
      String step = plan.poll();
      if ("stall".equals(step)) {
        CountDownLatch next = new CountDownLatch(1);
        stalled = next;
        try {
          next.await(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        ex.close();
        return;
      }
      if (!holdId.isEmpty() && body.contains("\"" + holdId + "\"")) {
        try {
          release.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      byte[] answer;
      int status = 200;
      if (throttleFirst.getAndDecrement() > 0) {
        status = 429;
        ex.getResponseHeaders().set("Retry-After", "0");
        answer = "{\"error\":\"busy\"}".getBytes(StandardCharsets.UTF_8);
      } else {
        answer = answer(body);
      }
      ex.sendResponseHeaders(status, answer.length);
      if ("cut".equals(step)) {
        ex.getResponseBody().write(answer, 0, answer.length / 2);
        ex.getResponseBody().flush();
        ex.close(); // short of the announced length: the server drops the connection
        return;
      }
      ex.getResponseBody().write(answer);
      ex.close();
    });
    server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
    server.start();
  }

  /** Stores each id once (409 after), rejects documents marked poison (400), fails the items {@link #failItemOnce} names once. */
  private byte[] answer(String body) throws IOException {
    var out = JSON.createObjectNode();
    out.put("took", 1);
    var items = out.putArray("items");
    String[] lines = body.split("\n");
    for (int i = 0; i + 1 < lines.length; i += 2) {
      String id = JSON.readTree(lines[i]).path("create").path("_id").asText();
      JsonNode doc = JSON.readTree(lines[i + 1]);
      var item = items.addObject().putObject("create");
      item.put("_id", id);
      Integer failure = failItemOnce.remove(id);
      if (failure != null) {
        item.put("status", failure);
        item.putObject("error").put("type", failure == 429 ? "es_rejected_execution_exception" : "unavailable").put("reason", "later");
      } else if (doc.path("poison").asBoolean()) {
        item.put("status", 400);
        item.putObject("error").put("type", "mapper_parsing_exception").put("reason", "bad");
      } else {
        item.put("status", stored.add(id) ? 201 : 409);
      }
    }
    out.put("errors", true);
    return JSON.writeValueAsBytes(out);
  }

  @AfterEach
  void stop() throws IOException {
    release.countDown();
    server.stop(0);
    deadLetters.close();
  }

  private Shipper shipper(NodeQueue queue) {
    return shipper(queue, Duration.ofSeconds(10));
  }

  private Shipper shipper(NodeQueue queue, Duration timeout) {
    return new Shipper(queue, new BulkClient("http://127.0.0.1:" + server.getAddress().getPort(), null, timeout),
        new BulkRequestWriter("logs", "metrics"), new ShipperSettings(3, 1 << 20, Duration.ofMillis(50), true, Duration.ofSeconds(5), 2),
        new ShipperEvents(registry), deadLetters, TargetSetup.NONE);
  }

  private static void append(NodeQueue queue, String id, String doc) {
    byte[] i = id.getBytes(StandardCharsets.US_ASCII);
    byte[] d = doc.getBytes(StandardCharsets.UTF_8);
    queue.append(Stream.LOGS, i, i.length, d, 0, d.length);
  }

  @Test
  void retriesThrottledRequestsSkipsPoisonAndCountsDuplicatesAsDelivered() throws IOException {
    throttleFirst.set(2);
    try (NodeQueue queue = new NodeQueue(dir.resolve("q"), 1L << 30, registry)) {
      for (int i = 0; i < 7; i++) {
        append(queue, "id-" + i, i == 3 ? "{\"poison\":true}" : "{\"n\":" + i + "}");
      }
      append(queue, "id-0", "{\"n\":0}");
      Shipper shipper = shipper(queue);
      shipper.start();
      Await.until("all documents settled", Duration.ofSeconds(20),
          () -> registry.counter("trawl.shipper.docs.delivered").count() + registry.counter("trawl.shipper.poison.records").count() >= 8);
      shipper.close();
    }
    assertEquals(Set.of("id-0", "id-1", "id-2", "id-4", "id-5", "id-6"), stored);
    assertEquals(1.0, registry.counter("trawl.shipper.poison.records").count());
    List<String> dead = Files.readAllLines(dir.resolve("dead").resolve(DeadLetters.FILE));
    assertEquals(1, dead.size(), "the poison record in the dead-letter file");
    JsonNode letter = JSON.readTree(dead.get(0));
    assertEquals("id-3", letter.path("_id").asText());
    assertEquals(400, letter.path("status").asInt());
    assertTrue(letter.path("reason").asText().contains("bad"), letter.toString());
    assertEquals("{\"poison\":true}", letter.path("source").asText());
    assertEquals(7.0, registry.counter("trawl.shipper.docs.delivered").count(), "six new and one 409");
    assertTrue(registry.counter("trawl.shipper.retries").count() >= 2, "the two 429s were retried");
  }

  @Test
  void itemsAnswered429Or503AreSentAgainAloneAndTheRestIsDeliveredOnce() throws IOException {
    failItemOnce.put("id-1", 429);
    failItemOnce.put("id-4", 503);
    try (NodeQueue queue = new NodeQueue(dir.resolve("q"), 1L << 30, registry)) {
      for (int i = 0; i < 6; i++) {
        append(queue, "id-" + i, "{\"n\":" + i + "}");
      }
      Shipper shipper = shipper(queue);
      shipper.start();
      Await.until("every document stored and acknowledged", Duration.ofSeconds(20),
          () -> stored.size() == 6 && queue.pendingBytes() == 0);
      shipper.close();
    }
    assertEquals(4, requests.size(), "two batches and one retry each: " + requests);
    for (String failed : List.of("id-1", "id-4")) {
      List<String> with = requests.stream().filter(r -> r.contains("\"" + failed + "\"")).toList();
      assertEquals(2, with.size(), failed);
      assertEquals(2, with.get(1).split("\n").length, failed + " sent again alone: " + with.get(1));
    }
    assertEquals(6.0, registry.counter("trawl.shipper.docs.delivered").count());
    assertEquals(0.0, registry.counter("trawl.shipper.poison.records").count());
    assertEquals(2.0, registry.counter("trawl.shipper.batches", "outcome", "partial").count());
  }

  @Test
  void anAnswerCutMidBodyAndOneSlowerThanTheTimeoutAreSentAgain() throws IOException {
    // the first answer is cut after the documents were stored; the second attempt is left
    // unanswered past the client's timeout; the third gets 409s, which count as delivered
    plan.addAll(List.of("cut", "stall"));
    try (NodeQueue queue = new NodeQueue(dir.resolve("q"), 1L << 30, registry)) {
      for (int i = 0; i < 3; i++) {
        append(queue, "id-" + i, "{\"n\":" + i + "}");
      }
      Shipper shipper = shipper(queue, Duration.ofMillis(500));
      shipper.start();
      Await.until("acknowledged", Duration.ofSeconds(20), () -> queue.pendingBytes() == 0);
      shipper.close();
    }
    assertEquals(Set.of("id-0", "id-1", "id-2"), stored);
    assertEquals(3, requests.size(), "cut, timed out, delivered");
    assertEquals(3.0, registry.counter("trawl.shipper.docs.delivered").count(), "each document counted once, 409s included");
    assertEquals(2.0, registry.counter("trawl.shipper.batches", "outcome", "retryable_error").count());
  }

  @Test
  void sendsBatchesConcurrentlyButAcknowledgesThemInQueueOrder() throws IOException {
    holdId = "id-0";
    Path queueDir = dir.resolve("q");
    try (NodeQueue queue = new NodeQueue(queueDir, 1L << 30, registry)) {
      for (int i = 0; i < 6; i++) {
        append(queue, "id-" + i, "{\"n\":" + i + "}");
      }
      long lastIndex = queue.lastIndex();
      Shipper shipper = shipper(queue);
      shipper.start();
      // the first request is held unanswered until released: the second is delivered meanwhile
      Await.until("the second batch stored while the first is held", Duration.ofSeconds(20),
          () -> stored.containsAll(Set.of("id-3", "id-4", "id-5")) && requests.stream().anyMatch(r -> r.contains("\"id-0\"")));
      assertTrue(Files.notExists(queueDir.resolve("shipper.ack")), "nothing acknowledged past the held first batch");
      assertTrue(queue.pendingBytes() > 0);
      release.countDown();
      Await.until("both batches acknowledged", Duration.ofSeconds(20), () -> queue.pendingBytes() == 0);
      assertEquals(lastIndex + " 0", Files.readString(queueDir.resolve("shipper.ack")), "the last excerpt, its one document");
      shipper.close();
    }
    assertEquals(Set.of("id-0", "id-1", "id-2", "id-3", "id-4", "id-5"), stored);
  }

  @Test
  void failsOverToTheNextUrlWhileOneIsDown() throws IOException {
    int closed;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = socket.getLocalPort();
    }
    Endpoints endpoints = Endpoints.parse("http://127.0.0.1:" + closed + ", http://127.0.0.1:" + server.getAddress().getPort() + "/");
    try (NodeQueue queue = new NodeQueue(dir.resolve("q"), 1L << 30, registry)) {
      for (int i = 0; i < 5; i++) {
        append(queue, "id-" + i, "{\"n\":" + i + "}");
      }
      Shipper shipper = new Shipper(queue, new BulkClient(endpoints, null, Duration.ofSeconds(10), null),
          new BulkRequestWriter("logs", "metrics"), new ShipperSettings(3, 1 << 20, Duration.ofMillis(50), true, Duration.ofSeconds(5), 2),
          new ShipperEvents(registry), deadLetters, TargetSetup.NONE);
      shipper.start();
      Await.until("all delivered", Duration.ofSeconds(20), () -> stored.size() == 5);
      shipper.close();
    }
    assertEquals("http://127.0.0.1:" + server.getAddress().getPort(), endpoints.current());
    assertTrue(registry.counter("trawl.shipper.retries").count() >= 1, "the first attempt went to the closed port");
  }

  @Test
  void aUrlListWithSomethingElseInItIsRefusedByName() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Endpoints.parse("http://a:9200,ftp://b:21"));
    assertTrue(e.getMessage().contains("ftp://b:21"), e.getMessage());
  }

  @Test
  void aRestartedShipperResumesAfterTheLastAcknowledgedDocument() throws IOException {
    try (NodeQueue queue = new NodeQueue(dir.resolve("q"), 1L << 30, registry)) {
      for (int i = 0; i < 5; i++) {
        append(queue, "first-" + i, "{}");
      }
      Shipper shipper = shipper(queue);
      shipper.start();
      Await.until("first batch stored", Duration.ofSeconds(20), () -> stored.size() == 5);
      shipper.close();
    }
    int requestsBefore = requests.size();
    try (NodeQueue queue = new NodeQueue(dir.resolve("q"), 1L << 30, registry)) {
      append(queue, "second-0", "{}");
      Shipper shipper = shipper(queue);
      shipper.start();
      Await.until("second document stored", Duration.ofSeconds(20), () -> stored.contains("second-0"));
      shipper.close();
    }
    List<String> after = requests.subList(requestsBefore, requests.size());
    assertTrue(after.stream().noneMatch(r -> r.contains("first-")), "acknowledged documents are not sent again: " + after);
  }

  @Test
  void aFailingAckPausesAndResumesInsteadOfEndingShipping() throws IOException {
    java.nio.file.Path queueDir = dir.resolve("q");
    try (NodeQueue queue = new NodeQueue(queueDir, 1L << 30, registry)) {
      java.nio.file.Files.createDirectories(queueDir.resolve("shipper.ack.tmp"));
      for (int i = 0; i < 3; i++) {
        append(queue, "early-" + i, "{}");
      }
      Shipper shipper = shipper(queue);
      shipper.start();
      Await.until("the batch sent again after the ack failed", Duration.ofSeconds(20),
          () -> requests.stream().filter(r -> r.contains("early-0")).count() >= 2);
      java.nio.file.Files.delete(queueDir.resolve("shipper.ack.tmp"));
      append(queue, "late", "{}");
      Await.until("shipping carried on", Duration.ofSeconds(20), () -> stored.contains("late"));
      Await.until("acknowledged", Duration.ofSeconds(20), () -> java.nio.file.Files.exists(queueDir.resolve("shipper.ack")));
      shipper.close();
    }
    assertEquals(Set.of("early-0", "early-1", "early-2", "late"), stored, "each stored once despite the re-sends");
  }
}
