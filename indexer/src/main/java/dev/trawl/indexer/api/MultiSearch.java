package dev.trawl.indexer.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trawl.indexer.search.SearchExecutor;
import dev.trawl.indexer.search.SearchRequest;
import dev.trawl.indexer.search.SearchRequestParser;
import dev.trawl.indexer.search.SearchResponseWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code _msearch}: NDJSON pairs of a header ({@code {"index": …}}) and a search body, the shape
 * Grafana's Elasticsearch data source sends. Each pair is answered on its own, in order; a bad one
 * fails only its own item with an Elasticsearch-shaped error.
 */
final class MultiSearch {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Header keys that change nothing on a single-node store. */
  private static final Set<String> HEADER_KEYS = Set.of("index", "search_type", "ignore_unavailable", "preference",
      "max_concurrent_shard_requests", "ignore_throttled", "allow_no_indices", "expand_wildcards", "request_cache");

  private final SearchExecutor search;

  MultiSearch(SearchExecutor search) {
    this.search = search;
  }

  byte[] execute(byte[] body, Map<String, String> params, String defaultIndex) throws IOException {
    long start = System.nanoTime();
    List<String> lines = new ArrayList<>();
    for (String line : new String(body, StandardCharsets.UTF_8).split("\n")) {
      if (!line.isBlank()) {
        lines.add(line);
      }
    }
    if (lines.size() % 2 != 0) {
      throw EsException.illegalArgument("_msearch body must hold pairs of header and search lines, but has " + lines.size() + " lines");
    }
    ObjectNode root = JSON.createObjectNode();
    ArrayNode responses = JSON.createArrayNode();
    for (int i = 0; i < lines.size(); i += 2) {
      responses.add(one(lines.get(i), lines.get(i + 1), params, defaultIndex));
    }
    root.put("took", (System.nanoTime() - start) / 1_000_000);
    root.set("responses", responses);
    return JSON.writeValueAsBytes(root);
  }

  private JsonNode one(String header, String body, Map<String, String> params, String defaultIndex) throws IOException {
    long start = System.nanoTime();
    try {
      String index = index(SearchRequestParser.readObject(header.getBytes(StandardCharsets.UTF_8)), defaultIndex);
      SearchRequest request = SearchRequestParser.parse(body.getBytes(StandardCharsets.UTF_8), params);
      ObjectNode answer = (ObjectNode) JSON.readTree(SearchResponseWriter.search(search.search(index, request), request,
          (System.nanoTime() - start) / 1_000_000));
      answer.put("status", 200);
      return answer;
    } catch (EsException e) {
      return JSON.readTree(ErrorResponses.of(e).body());
    }
  }

  private static String index(JsonNode header, String defaultIndex) {
    header.fieldNames().forEachRemaining(k -> {
      if (!HEADER_KEYS.contains(k)) {
        throw EsException.parsing("_msearch header key [" + k + "] is not supported");
      }
    });
    JsonNode index = header.get("index");
    if (index == null) {
      return defaultIndex == null ? "*" : defaultIndex;
    }
    if (index.isArray()) {
      List<String> names = new ArrayList<>();
      index.forEach(n -> names.add(n.asText()));
      return String.join(",", names);
    }
    return index.asText();
  }
}
