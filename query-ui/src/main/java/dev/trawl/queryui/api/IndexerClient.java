package dev.trawl.queryui.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
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

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String baseUrl;
  private final String token;

  public IndexerClient(String baseUrl, String token) {
    this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    this.token = token;
  }

  public JsonNode search(String index, JsonNode body) {
    return send(HttpRequest.newBuilder(uri(index, "_search")).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body.toString())));
  }

  /** The fields of the index's mapping, with their types ({@code _field_caps?fields=*}). */
  public JsonNode fieldCaps(String index) {
    return send(HttpRequest.newBuilder(uri(index, "_field_caps?fields=*")).GET());
  }

  private URI uri(String index, String endpoint) {
    return URI.create(baseUrl + "/" + URLEncoder.encode(index, StandardCharsets.UTF_8).replace("%2C", ",")
        .replace("%2A", "*") + "/" + endpoint);
  }

  private JsonNode send(HttpRequest.Builder request) {
    request.timeout(Duration.ofSeconds(30));
    if (token != null && !token.isEmpty()) {
      request.header("Authorization", "Bearer " + token);
    }
    HttpResponse<byte[]> response;
    try {
      response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new ApiException(502, "the indexer at " + baseUrl + " cannot be reached: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ApiException(503, "interrupted");
    }
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
