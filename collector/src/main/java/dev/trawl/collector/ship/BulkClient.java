package dev.trawl.collector.ship;

import java.io.IOException;
import java.net.URI;
import dev.trawl.http.tls.TlsContexts;
import java.net.http.HttpClient;
import javax.net.ssl.SSLContext;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Sends one {@code _bulk} request over HTTP and returns per-item results, or throws {@link
 * RetryableException} when the whole request should be sent again. Thread-safe.
 */
public final class BulkClient {
  private final HttpClient http;
  private final Endpoints endpoints;
  private final String token;
  private final Duration timeout;

  /** A whole request that failed in a way worth retrying: connection error, timeout, 429, 5xx. */
  public static final class RetryableException extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient OptionalLong retryAfterSeconds;

    RetryableException(String message, OptionalLong retryAfterSeconds) {
      super(message);
      this.retryAfterSeconds = retryAfterSeconds;
    }

    public OptionalLong retryAfterSeconds() {
      return retryAfterSeconds;
    }
  }

  /** @param token bearer token, or null */
  public BulkClient(String baseUrl, String token, Duration timeout) {
    this(baseUrl, token, timeout, null);
  }

  /** @param tls for an https URL: the CA to trust and the client certificate; null for the JDK's defaults */
  public BulkClient(String baseUrl, String token, Duration timeout, SSLContext tls) {
    this(Endpoints.parse(baseUrl), token, timeout, tls);
  }

  /** @param endpoints the indexer URLs, in order, shared with the target's setup so both fail over together */
  public BulkClient(Endpoints endpoints, String token, Duration timeout, SSLContext tls) {
    this.endpoints = endpoints;
    this.token = token;
    this.timeout = timeout;
    this.http = TlsContexts.httpClient(tls, Duration.ofSeconds(10));
  }

  public List<BulkItemResult> send(byte[] body, boolean gzip, int items) throws RetryableException, IOException {
    String base = endpoints.current();
    URI bulkUri = URI.create(base + "/_bulk");
    HttpRequest.Builder request = HttpRequest.newBuilder(bulkUri).timeout(timeout)
        .header("Content-Type", "application/x-ndjson")
        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (gzip) {
      request.header("Content-Encoding", "gzip");
    }
    if (token != null && !token.isEmpty()) {
      request.header("Authorization", "Bearer " + token);
    }
    HttpResponse<byte[]> response;
    try {
      response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      endpoints.failed(base, e.toString());
      throw new RetryableException("bulk request to " + bulkUri + " failed: " + e, OptionalLong.empty());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
    int status = response.statusCode();
    if (status == 502 || status == 503 || status == 504) {
      endpoints.failed(base, "answered " + status);
    }
    if (status == 429 || status >= 500) {
      Optional<String> retryAfter = response.headers().firstValue("Retry-After");
      throw new RetryableException("bulk request answered " + status,
          retryAfter.map(BulkClient::seconds).orElse(OptionalLong.empty()));
    }
    if (status != 200) {
      throw new IOException("bulk request answered " + status + ": " + new String(response.body(),
          java.nio.charset.StandardCharsets.UTF_8));
    }
    return BulkResponseParser.parse(response.body(), items);
  }

  private static OptionalLong seconds(String header) {
    try {
      return OptionalLong.of(Long.parseLong(header.trim()));
    } catch (NumberFormatException e) {
      return OptionalLong.empty();
    }
  }
}
