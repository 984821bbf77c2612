package dev.trawl.queryui.web;

import dev.trawl.http.Response;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/**
 * Serves the browser app from the classpath ({@code /web/…}) with headers that keep hostile log
 * content inert: a Content-Security-Policy with no inline script and no eval, no sniffing, no
 * framing, no referrer.
 */
public final class StaticFiles {
  public static final Map<String, String> SECURITY_HEADERS = Map.of(
      "Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
          + "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
      "X-Content-Type-Options", "nosniff",
      "X-Frame-Options", "DENY",
      "Referrer-Policy", "no-referrer",
      "Cache-Control", "no-cache");
  private static final Map<String, String> TYPES = Map.of(
      "html", "text/html; charset=UTF-8",
      "js", "text/javascript; charset=UTF-8",
      "css", "text/css; charset=UTF-8",
      "svg", "image/svg+xml");

  private StaticFiles() {}

  /** The file for a request path, or null when there is none. */
  public static Response get(String path) throws IOException {
    String name = path.equals("/") ? "index.html" : path.substring(1);
    if (!name.matches("[a-z0-9_-]+\\.(html|js|css|svg)")) {
      return null;
    }
    try (InputStream in = StaticFiles.class.getResourceAsStream("/web/" + name)) {
      if (in == null) {
        return null;
      }
      String ext = name.substring(name.lastIndexOf('.') + 1);
      return new Response(200, TYPES.get(ext), in.readAllBytes(), SECURITY_HEADERS);
    }
  }
}
