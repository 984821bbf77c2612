package dev.trawl.collector.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;

/**
 * Serves {@code /metrics} (Prometheus text format), {@code /healthz} and {@code /readyz}. The
 * JDK's small HTTP server is enough for a scrape every few seconds and keeps the collector's
 * footprint small.
 */
public final class StatusServer implements AutoCloseable {
  private final HttpServer server;

  public StatusServer(int port, PrometheusMeterRegistry registry, BooleanSupplier ready) throws IOException {
    server = HttpServer.create(new InetSocketAddress(port), 16);
    server.setExecutor(Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "trawl-status-http");
      t.setDaemon(true);
      return t;
    }));
    server.createContext("/metrics", ex -> {
      if (allowGet(ex)) {
        respond(ex, 200, "text/plain; version=0.0.4; charset=utf-8", registry.scrape());
      }
    });
    server.createContext("/healthz", ex -> {
      if (allowGet(ex)) {
        respond(ex, 200, "text/plain", "ok\n");
      }
    });
    server.createContext("/readyz", ex -> {
      if (allowGet(ex)) {
        boolean ok = ready.getAsBoolean();
        respond(ex, ok ? 200 : 503, "text/plain", ok ? "ready\n" : "starting\n");
      }
    });
    server.createContext("/", ex -> respond(ex, 404, "text/plain", "not found: " + ex.getRequestURI().getPath() + "\n"));
    server.start();
  }

  private static boolean allowGet(HttpExchange ex) throws IOException {
    if (ex.getRequestMethod().equals("GET") || ex.getRequestMethod().equals("HEAD")) {
      return true;
    }
    ex.getResponseHeaders().set("Allow", "GET, HEAD");
    respond(ex, 405, "text/plain", "method not allowed\n");
    return false;
  }

  private static void respond(HttpExchange ex, int status, String type, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", type);
    boolean head = ex.getRequestMethod().equals("HEAD");
    ex.sendResponseHeaders(status, head ? -1 : bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      if (!head) {
        out.write(bytes);
      }
    }
  }

  public int port() {
    return server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
