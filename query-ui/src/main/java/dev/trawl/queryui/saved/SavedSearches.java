package dev.trawl.queryui.saved;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.trawl.config.ConfigException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Named Lucene queries from a YAML file ({@code name: query}, one per line), e.g. a ConfigMap.
 * Names are Kubernetes label values, because the external metric selects one with
 * {@code query=<name>}.
 */
public final class SavedSearches {
  public static final SavedSearches NONE = new SavedSearches(Map.of());
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9](?:[-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?");

  private final Map<String, String> queries;

  SavedSearches(Map<String, String> queries) {
    this.queries = Map.copyOf(queries);
  }

  /** @param key the configuration key that named the file, for error messages */
  public static SavedSearches load(Path file, String key) {
    JsonNode root;
    try {
      root = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
    } catch (IOException e) {
      throw new ConfigException("config key '" + key + "': '" + file + "' cannot be read as YAML: " + e.getMessage());
    }
    if (root == null || root.isMissingNode() || root.isNull()) {
      return NONE;
    }
    if (!root.isObject()) {
      throw new ConfigException("config key '" + key + "': '" + file + "' must map names to queries (name: query)");
    }
    Map<String, String> queries = new TreeMap<>();
    for (Map.Entry<String, JsonNode> e : root.properties()) {
      if (!NAME.matcher(e.getKey()).matches()) {
        throw new ConfigException("config key '" + key + "': saved search name '" + e.getKey()
            + "' in " + file + " is not a Kubernetes label value (letters, digits, '-', '_', '.', at most 63)");
      }
      if (!e.getValue().isTextual() || e.getValue().asText().isBlank()) {
        throw new ConfigException("config key '" + key + "': saved search '" + e.getKey() + "' in " + file
            + " must be a non-empty query string");
      }
      queries.put(e.getKey(), e.getValue().asText());
    }
    return new SavedSearches(queries);
  }

  public Optional<String> query(String name) {
    return Optional.ofNullable(queries.get(name));
  }

  public Map<String, String> all() {
    return queries;
  }
}
