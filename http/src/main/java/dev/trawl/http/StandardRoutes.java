package dev.trawl.http;

import java.util.function.Supplier;

/**
 * The endpoints every component serves before its own routes: {@code /healthz} and
 * {@code /metrics} (Prometheus text format), both without authentication so probes and scrapers
 * need no secrets.
 */
public final class StandardRoutes implements Routes {
  private final Supplier<String> metrics;
  private final Routes next;

  /** @param metrics renders the Prometheus exposition, e.g. {@code registry::scrape} */
  public StandardRoutes(Supplier<String> metrics, Routes next) {
    this.metrics = metrics;
    this.next = next;
  }

  @Override
  public Response handle(Request request) throws Exception {
    return switch (request.path()) {
      case "/healthz" -> Response.text(200, "ok\n");
      case "/metrics" -> Response.prometheus(metrics.get());
      default -> next.handle(request);
    };
  }
}
