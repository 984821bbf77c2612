package dev.trawl.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Limits per client address over a real server on loopback; 127.0.0.2 is a second client. */
class ClientLimitsTest {
  private final AtomicInteger refused = new AtomicInteger();

  private ClientLimits limits(int rate, int burst, int concurrent) {
    return new ClientLimits(rate, burst, concurrent, reason -> Response.text(429, reason + "\n"), refused::incrementAndGet);
  }

  @Test
  void aClientPastItsBurstIsRefusedWhileAnotherIsServed() throws Exception {
    // one token a minute: the burst is all a client gets during the test
    ClientLimits limits = new ClientLimits(1.0 / 60, 3, 0, reason -> Response.text(429, reason + "\n"), refused::incrementAndGet);
    try (HttpServer server = new HttpServer("t", "0.0.0.0", 0, 1024, 4, limits.around(r -> Response.text(200, "ok\n")))) {
      List<Integer> first = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        first.add(status(server.port(), "127.0.0.1"));
      }
      assertEquals(List.of(200, 200, 200, 429, 429), first);
      assertEquals(2, refused.get());
      assertEquals(200, status(server.port(), "127.0.0.2"), "another address has a bucket of its own");
      String answer = raw(server.port(), "127.0.0.1");
      assertTrue(answer.contains("Retry-After: 1") || answer.contains("retry-after: 1"), answer);
      assertTrue(answer.contains("requests per second"), answer);
    }
  }

  @Test
  void aClientWithTooManyRequestsInProgressIsRefusedUntilOneEnds() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch inside = new CountDownLatch(2);
    Routes slow = r -> {
      inside.countDown();
      release.await(30, TimeUnit.SECONDS);
      return Response.text(200, "done\n");
    };
    ExecutorService clients = Executors.newFixedThreadPool(2);
    try (HttpServer server = new HttpServer("t", "127.0.0.1", 0, 1024, 4, limits(0, 1, 2).around(slow))) {
      Future<Integer> a = clients.submit(() -> status(server.port(), "127.0.0.1"));
      Future<Integer> b = clients.submit(() -> status(server.port(), "127.0.0.1"));
      assertTrue(inside.await(10, TimeUnit.SECONDS));
      assertEquals(429, status(server.port(), "127.0.0.1"));
      release.countDown();
      assertEquals(200, a.get(10, TimeUnit.SECONDS));
      assertEquals(200, b.get(10, TimeUnit.SECONDS));
      assertEquals(200, status(server.port(), "127.0.0.1"), "a finished request frees its place");
    } finally {
      clients.shutdownNow();
    }
  }

  private static int status(int port, String from) throws Exception {
    String response = raw(port, from);
    return Integer.parseInt(response.substring(9, 12));
  }

  /** A request from a chosen loopback address (Java's HttpClient cannot pick its source address). */
  private static String raw(int port, String from) throws Exception {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port, InetAddress.getByName(from), 0)) {
      socket.setSoTimeout(30_000);
      OutputStream out = socket.getOutputStream();
      out.write("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
      StringBuilder response = new StringBuilder();
      String line;
      while ((line = in.readLine()) != null) {
        response.append(line).append('\n');
      }
      return response.toString();
    }
  }
}
