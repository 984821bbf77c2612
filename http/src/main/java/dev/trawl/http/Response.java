package dev.trawl.http;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/** One HTTP response. */
public record Response(int status, String contentType, byte[] body, Map<String, String> headers) {
  public static final String JSON = "application/json; charset=UTF-8";

  public static Response json(int status, byte[] body) {
    return new Response(status, JSON, body, Map.of());
  }

  public static Response text(int status, String body) {
    return new Response(status, "text/plain; charset=UTF-8", body.getBytes(StandardCharsets.UTF_8), Map.of());
  }

  /** A Prometheus text exposition, as scrapers expect it. */
  public static Response prometheus(String exposition) {
    return new Response(200, "text/plain; version=0.0.4; charset=utf-8", exposition.getBytes(StandardCharsets.UTF_8),
        Map.of());
  }

  public Response withHeaders(Map<String, String> extra) {
    var all = new java.util.LinkedHashMap<>(headers);
    all.putAll(extra);
    return new Response(status, contentType, body, Map.copyOf(all));
  }
}
