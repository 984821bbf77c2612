package dev.trawl.queryui.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import dev.trawl.http.tls.TlsContexts;
import java.net.http.HttpClient;
import javax.net.ssl.SSLContext;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Calls an Elasticsearch-compatible {@code _search}: the Trawl indexer, or an OpenSearch or
 * Elasticsearch cluster. An error answer becomes an {@link ApiException} carrying the engine's
 * reason, so the browser can show it next to the query. Thread-safe.
 */
public final class IndexerClient {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http;
  private final String baseUrl;
  private final String token;

  /** @param tls for an https URL: the CA to trust and the client certificate; null for the JDK's defaults */
  public IndexerClient(String baseUrl, String token, SSLContext tls) {
    this.http = TlsContexts.httpClient(tls, Duration.ofSeconds(5));
    this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    this.token = token;
  }

  /** Searches with the caller's namespaces ANDed to the query: the only way this client searches. */
  public JsonNode search(NamespaceScope scope, String index, JsonNode body) {
    return send(HttpRequest.newBuilder(uri(index, "_search")).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(scope.restrict(body).toString())));
  }

  /** The fields of the index's mapping, with their types ({@code _field_caps?fields=*}). */
  public JsonNode fieldCaps(String index) {
    return send(HttpRequest.newBuilder(uri(index, "_field_caps?fields=*")).GET());
  }

  /** An answer passed through as the indexer gave it. */
  public record Answer(int status, byte[] body) {}

  /**
   * Sends a request whose body the caller has already checked and restricted, and answers the
   * indexer's status and body unchanged, for clients that speak Elasticsearch themselves.
   *
   * @param path and query string, starting with {@code /}
   */
  public Answer forward(String method, String path, String contentType, byte[] body) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(30))
        .method(method, body.length == 0 ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
    if (body.length > 0) {
      request.header("Content-Type", contentType);
    }
    HttpResponse<byte[]> response = exchange(request);
    return new Answer(response.statusCode(), response.body());
  }

  private HttpResponse<byte[]> exchange(HttpRequest.Builder request) {
    if (token != null && !token.isEmpty()) {
      request.header("Authorization", "Bearer " + token);
    }
    try {
      return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new ApiException(502, "the indexer at " + baseUrl + " cannot be reached: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ApiException(503, "interrupted");
    }
  }

  private URI uri(String index, String endpoint) {
    return URI.create(baseUrl + "/" + indexPath(index) + "/" + endpoint);
  }

  /** An index expression as a path segment: commas and wildcards kept, everything else escaped. */
  static String indexPath(String index) {
    return URLEncoder.encode(index, StandardCharsets.UTF_8).replace("%2C", ",").replace("%2A", "*");
  }

  private JsonNode send(HttpRequest.Builder request) {
    request.timeout(Duration.ofSeconds(30));
    HttpResponse<byte[]> response = exchange(request);
    JsonNode answer;
    try {
      answer = JSON.readTree(response.body());
    } catch (IOException e) {
      throw new ApiException(502, "the indexer answered " + response.statusCode() + " with a body that is not JSON");
    }
    if (response.statusCode() != 200) {
      String reason = answer.path("error").path("reason").asText(answer.path("error").asText("status " + response.statusCode()));
      if (response.statusCode() == 404) {
        throw new ApiException(404, reason);
      }
      throw new ApiException(response.statusCode() >= 500 ? 502 : 400, reason);
    }
    return answer;
  }
}
