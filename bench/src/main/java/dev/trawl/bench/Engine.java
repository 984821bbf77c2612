package dev.trawl.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.locks.LockSupport;

/**
 * An Elasticsearch-compatible engine under benchmark, spoken to over loopback HTTP exactly as
 * the collector and the query UI do: the Trawl indexer or the OpenSearch baseline.
 */
final class Engine {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  final String name;
  final String url;

  Engine(String name, String url) {
    this.name = name;
    this.url = url;
  }

  /** Sends one bulk body; fails the benchmark on any item error, so no figure hides a rejection. */
  void bulk(byte[] body) throws IOException, InterruptedException {
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url + "/_bulk"))
        .header("Content-Type", "application/x-ndjson").POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
        HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200 || r.body().contains("\"errors\":true")) {
      throw new IllegalStateException(name + " bulk failed: " + r.body().substring(0, Math.min(500, r.body().length())));
    }
  }

  /** Waits until {@code logs} counts {@code n} documents (refresh included in what is measured). */
  void awaitCount(long n) throws IOException, InterruptedException {
    while (count() < n) {
      LockSupport.parkNanos(20_000_000);
    }
  }

  long count() throws IOException, InterruptedException {
    return get("/logs/_count").path("count").asLong();
  }

  JsonNode get(String path) throws IOException, InterruptedException {
    return JSON.readTree(HTTP.send(HttpRequest.newBuilder(URI.create(url + path)).build(),
        HttpResponse.BodyHandlers.ofString()).body());
  }

  JsonNode send(String method, String path, String json) throws IOException, InterruptedException {
    return JSON.readTree(fetch(method, path, json));
  }

  /**
   * Sends a request and reads the whole answer without parsing it: the span a latency figure
   * times, as Rally does, since turning the answer into objects is the client's work, not the engine's.
   */
  byte[] fetch(String method, String path, String json) throws IOException, InterruptedException {
    HttpResponse<byte[]> r = HTTP.send(HttpRequest.newBuilder(URI.create(url + path)).header("Content-Type", "application/json")
        .method(method, HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8)).build(),
        HttpResponse.BodyHandlers.ofByteArray());
    if (r.statusCode() != 200) {
      throw new IllegalStateException(name + " " + method + " " + path + " answered " + r.statusCode() + ": "
          + new String(r.body(), StandardCharsets.UTF_8));
    }
    return r.body();
  }
}
