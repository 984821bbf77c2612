package dev.trawl.collector.opensearch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trawl.collector.ship.TargetSetup;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import dev.trawl.collector.ship.Endpoints;
import dev.trawl.http.tls.TlsContexts;
import java.net.http.HttpClient;
import javax.net.ssl.SSLContext;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Installs, on an OpenSearch target, what Trawl's records need: an index template per stream
 * (Trawl's field types, {@code @timestamp} in nanoseconds, label maps as {@code flat_object}
 * because label keys hold dots), a data stream per stream (so the shipper's {@code create} to
 * {@code logs} keeps working unchanged), and an ISM policy that rolls over daily and deletes by
 * age. Every step first reads what is there and changes only what differs, so a thousand
 * collectors starting at once leave the cluster as one would. A Trawl indexer (its mapping is
 * built in) and other engines are left alone.
 */
public final class OpenSearchSetup implements TargetSetup {
  private static final Logger LOG = LoggerFactory.getLogger(OpenSearchSetup.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  static final String POLICY_ID = "trawl-retention";
  private static final int TEMPLATE_VERSION = 1;
  private static final int POLICY_VERSION = 1;

  private final HttpClient http;
  private final Endpoints endpoints;
  private final String token;
  private final String logsIndex;
  private final String metricsIndex;
  private final String retention;

  /** @param token bearer token, or null */
  public OpenSearchSetup(String baseUrl, String token, String logsIndex, String metricsIndex, Duration retention) {
    this(baseUrl, token, logsIndex, metricsIndex, retention, null);
  }

  /** @param tls for an https URL: the CA to trust and the client certificate; null for the JDK's defaults */
  public OpenSearchSetup(String baseUrl, String token, String logsIndex, String metricsIndex, Duration retention,
      SSLContext tls) {
    this(Endpoints.parse(baseUrl), token, logsIndex, metricsIndex, retention, tls);
  }

  /** @param endpoints the cluster's URLs, in order, shared with the bulk client so both fail over together */
  public OpenSearchSetup(Endpoints endpoints, String token, String logsIndex, String metricsIndex, Duration retention,
      SSLContext tls) {
    this.http = TlsContexts.httpClient(tls, Duration.ofSeconds(10));
    this.endpoints = endpoints;
    this.token = token;
    this.logsIndex = logsIndex;
    this.metricsIndex = metricsIndex;
    this.retention = Math.max(1, retention.toMinutes()) + "m";
  }

  /**
   * What one run changed, in words, for the log line and for tests, and the steps the cluster
   * refused (a 4xx such as 403: retrying would not help, and holding logs back for it would
   * lose them once the node queue fills; they are logged as errors and shipping goes on).
   */
  public record Outcome(String target, List<String> changes, List<String> refused) {}

  @Override
  public void prepare() throws IOException {
    Outcome outcome = run();
    if (!outcome.changes().isEmpty()) {
      LOG.info("shipper target {} prepared: {}", outcome.target(), String.join(", ", outcome.changes()));
    }
  }

  public Outcome run() throws IOException {
    JsonNode root = send("GET", "/", null).json();
    String distribution = root.path("version").path("distribution").asText("elasticsearch");
    String target = distribution + " " + root.path("version").path("number").asText("?");
    List<String> changes = new ArrayList<>();
    List<String> refused = new ArrayList<>();
    if (distribution.equals("opensearch")) {
      installTemplate(logsIndex, "logs-template.json", changes, refused);
      installTemplate(metricsIndex, "metrics-template.json", changes, refused);
      createDataStream(logsIndex, changes, refused);
      createDataStream(metricsIndex, changes, refused);
      installPolicy(changes, refused);
    }
    return new Outcome(target, changes, refused);
  }

  private void installTemplate(String index, String resource, List<String> changes, List<String> refused)
      throws IOException {
    String name = "trawl-" + index;
    Reply existing = send("GET", "/_index_template/" + encode(name), null);
    if (existing.status() == 200) {
      JsonNode template = existing.json().path("index_templates").path(0).path("index_template");
      if (template.path("_meta").path("trawl_template_version").asInt() == TEMPLATE_VERSION
          && template.path("index_patterns").path(0).asText().equals(index)) {
        return;
      }
    } else if (existing.status() != 404) {
      refused(existing, "read index template " + name, refused);
      return;
    }
    Reply put = send("PUT", "/_index_template/" + encode(name), resource(resource, Map.of("index", index)));
    if (put.status() != 200) {
      refused(put, "install index template " + name, refused);
      return;
    }
    changes.add("index template " + name + " v" + TEMPLATE_VERSION);
  }

  private void createDataStream(String index, List<String> changes, List<String> refused) throws IOException {
    if (send("GET", "/_data_stream/" + encode(index), null).status() == 200) {
      return;
    }
    Reply put = send("PUT", "/_data_stream/" + encode(index), null);
    if (put.status() == 200) {
      changes.add("data stream " + index);
    } else if (put.errorType().equals("resource_already_exists_exception")) {
      // created by another collector since the GET, or a plain index of that name is in the way
      if (send("GET", "/_data_stream/" + encode(index), null).status() != 200) {
        LOG.error("opensearch index '{}' exists and is not a data stream: documents go to it with whatever mapping"
            + " it has; delete or reindex it to get Trawl's mapping", index);
      }
    } else {
      refused(put, "create data stream " + index, refused);
    }
  }

  private void installPolicy(List<String> changes, List<String> refused) throws IOException {
    String description = "Trawl retention v" + POLICY_VERSION + ": roll over daily, delete after " + retention;
    String path = "/_plugins/_ism/policies/" + POLICY_ID;
    Reply existing = send("GET", path, null);
    String query = "";
    if (existing.status() == 200) {
      if (existing.json().path("policy").path("description").asText().equals(description)) {
        return;
      }
      query = "?if_seq_no=" + existing.json().path("_seq_no").asLong()
          + "&if_primary_term=" + existing.json().path("_primary_term").asLong();
    } else if (existing.status() != 404) {
      // A distribution without the Index State Management plugin has no such endpoint at all.
      LOG.warn("opensearch has no Index State Management plugin ({} on {}): retention by age is not managed",
          existing.status(), path);
      return;
    }
    Reply put = send("PUT", path + query, resource("retention-policy.json", Map.of("description", description,
        "retention", retention, "logs_index", logsIndex, "metrics_index", metricsIndex)));
    if (put.status() != 200 && put.status() != 201) {
      refused(put, "install ISM policy " + POLICY_ID, refused);
      return;
    }
    changes.add("ISM policy " + POLICY_ID + " (" + description + ")");
  }

  private static void refused(Reply reply, String what, List<String> refused) {
    String description = reply.describe(what);
    LOG.error("opensearch refused to {}; shipping goes on without it", description);
    refused.add(what);
  }

  private static String resource(String name, Map<String, String> values) {
    try (InputStream in = OpenSearchSetup.class.getResourceAsStream(name)) {
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      for (Map.Entry<String, String> value : values.entrySet()) {
        text = text.replace("${" + value.getKey() + "}", value.getValue());
      }
      return text;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String encode(String segment) {
    return URLEncoder.encode(segment, StandardCharsets.UTF_8);
  }

  private record Reply(String method, String path, int status, String body) {
    JsonNode json() throws IOException {
      return body.isEmpty() ? JSON.createObjectNode() : JSON.readTree(body);
    }

    String errorType() {
      try {
        return json().path("error").path("type").asText("");
      } catch (IOException e) {
        return "";
      }
    }

    String describe(String what) {
      return what + ": " + method + " " + path + " answered " + status + " "
          + (body.length() > 300 ? body.substring(0, 300) + "…" : body);
    }
  }

  private Reply send(String method, String path, String body) throws IOException {
    String base = endpoints.current();
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    if (token != null && !token.isEmpty()) {
      request.header("Authorization", "Bearer " + token);
    }
    try {
      HttpResponse<String> response;
      try {
        response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      } catch (IOException e) {
        endpoints.failed(base, e.toString());
        throw e;
      }
      if (response.statusCode() == 502 || response.statusCode() == 503 || response.statusCode() == 504) {
        endpoints.failed(base, "answered " + response.statusCode());
      }
      if (response.statusCode() >= 500 || response.statusCode() == 429) {
        throw new IOException(method + " " + base + path + " answered " + response.statusCode());
      }
      return new Reply(method, path, response.statusCode(), response.body());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }
}
