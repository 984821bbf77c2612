package dev.trawl.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class EventStreamTest {

  @Test
  void eachEventReachesTheClientAsItIsSentAndAClosedClientEndsTheStream() throws Exception {
    CountDownLatch firstRead = new CountDownLatch(1);
    CountDownLatch clientGone = new CountDownLatch(1);
    List<EventSink> sinks = new ArrayList<>();
    Routes routes = r -> Response.eventStream(sink -> {
      sinks.add(sink);
      sink.onClose(clientGone::countDown);
      sink.send("hits", "7", "{\"line\":\"one\"}");
      Thread writer = new Thread(() -> {
        try {
          // the second event only after the client has read the first: nothing may sit in a buffer
          if (firstRead.await(10, TimeUnit.SECONDS)) {
            sink.comment("keep-alive\nwith a break");
            sink.send("hits", null, "two\nlines");
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      });
      writer.setDaemon(true);
      writer.start();
    });
    try (HttpServer server = new HttpServer("test", "127.0.0.1", 0, 1 << 20, 2, routes)) {
      HttpResponse<java.io.InputStream> response = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/tail"))
              .header("Accept-Encoding", "gzip").build(), HttpResponse.BodyHandlers.ofInputStream());
      assertEquals(200, response.statusCode());
      assertTrue(response.headers().firstValue("content-type").orElse("").startsWith("text/event-stream"));
      assertTrue(response.headers().firstValue("content-encoding").orElse("identity").equals("identity"),
          "not compressed: a compressor holds events back");
      BufferedReader in = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8));
      assertEquals(List.of("event: hits", "id: 7", "data: {\"line\":\"one\"}", ""), readLines(in, 4));
      firstRead.countDown();
      assertEquals(List.of(": keep-alive with a break", "", "event: hits", "data: two", "data: lines", ""), readLines(in, 6));
      in.close();
      assertTrue(clientGone.await(10, TimeUnit.SECONDS), "the stream learns that the client went away");
      assertTrue(!sinks.get(0).isOpen());
    }
  }

  private static List<String> readLines(BufferedReader in, int n) throws java.io.IOException {
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      lines.add(in.readLine());
    }
    return lines;
  }
}
