package dev.trawl.http;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * One HTTP response: a whole body, or with {@code events} set, headers followed by a stream of
 * Server-Sent Events on a connection that is closed when the stream ends.
 */
public record Response(int status, String contentType, byte[] body, Map<String, String> headers, EventStream events) {
  public static final String JSON = "application/json; charset=UTF-8";

  public Response(int status, String contentType, byte[] body, Map<String, String> headers) {
    this(status, contentType, body, headers, null);
  }

  public static Response eventStream(EventStream events) {
    // identity: the compressor would hold events back to fill its buffer
    return new Response(200, "text/event-stream; charset=UTF-8", new byte[0],
        Map.of("Cache-Control", "no-cache", "Content-Encoding", "identity"), events);
  }

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
    return new Response(status, contentType, body, Map.copyOf(all), events);
  }
}
