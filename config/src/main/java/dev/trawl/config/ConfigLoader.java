package dev.trawl.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import org.yaml.snakeyaml.LoaderOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Resolves a component's keys: default, then the YAML file, then {@code TRAWL_*} environment
 * variables. The file may nest ({@code shipper: {url: …}}) or use dotted keys
 * ({@code shipper.url: …}); a key the component does not declare is an error, so a typo never
 * passes silently.
 */
public final class ConfigLoader {
  /** A configuration file is a few hundred bytes; anything this large is a mistake or an attack. */
  static final long MAX_FILE_BYTES = 1 << 20;
  private static final ObjectMapper YAML = new ObjectMapper(YAMLFactory.builder().loaderOptions(loaderOptions()).build());

  private final List<ConfigKey<?>> keys;

  public ConfigLoader(List<ConfigKey<?>> keys) {
    this.keys = List.copyOf(keys);
  }

  /**
   * @param file the YAML file, or null for defaults and environment only
   * @param env the environment, usually {@code System.getenv()}
   * @throws ConfigException naming the key and bad value
   */
  public Config load(Path file, Map<String, String> env) {
    Map<String, String> fromFile = file == null ? Map.of() : readYaml(file);
    Map<String, ConfigKey<?>> byName = new LinkedHashMap<>();
    keys.forEach(k -> byName.put(k.name(), k));
    for (String name : fromFile.keySet()) {
      if (!byName.containsKey(name)) {
        throw new ConfigException(
            "config key '" + name + "' in " + file + " is not a known key; known keys: "
                + String.join(", ", byName.keySet()));
      }
    }
    Map<String, Object> values = new HashMap<>();
    for (ConfigKey<?> key : keys) {
      String text = key.defaultText();
      String source = "default";
      if (fromFile.containsKey(key.name())) {
        text = fromFile.get(key.name());
        source = file.toString();
      }
      if (env.containsKey(key.envName())) {
        text = env.get(key.envName());
        source = "environment variable " + key.envName();
      }
      if (text != null) {
        values.put(key.name(), parse(key, text, source));
      }
    }
    return new Config(values);
  }

  private static Object parse(ConfigKey<?> key, String text, String source) {
    Object value = key.type().parse(text);
    if (value == null) {
      throw ConfigException.badValue(key.name(), source, text, key.type().expected());
    }
    return value;
  }

  private static Map<String, String> readYaml(Path file) {
    JsonNode root;
    try {
      if (Files.size(file) > MAX_FILE_BYTES) {
        throw new ConfigException("config file " + file + " is larger than " + MAX_FILE_BYTES + " bytes");
      }
      String text = Files.readString(file);
      refuseAliases(text, file);
      root = YAML.readTree(text);
    } catch (IOException | RuntimeException e) {
      if (e instanceof ConfigException c) {
        throw c;
      }
      // the parser's message may quote the file: a line of a secret, so only its first line, cut short
      String why = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
      throw new ConfigException("config file " + file + " cannot be read: " + e.getClass().getSimpleName() + ": "
          + (why.length() > 200 ? why.substring(0, 200) + "…" : why));
    }
    Map<String, String> flat = new LinkedHashMap<>();
    if (root == null || root.isMissingNode() || root.isNull()) {
      return flat;
    }
    if (!root.isObject()) {
      throw new ConfigException("config file " + file + " must hold a YAML mapping of keys");
    }
    flatten("", root, flat, file);
    return flat;
  }

  private static void flatten(String prefix, JsonNode node, Map<String, String> out, Path file) {
    Iterator<Map.Entry<String, JsonNode>> fields = node.properties().iterator();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      String name = prefix + field.getKey();
      JsonNode value = field.getValue();
      if (value.isObject()) {
        flatten(name + ".", value, out, file);
      } else if (value.isArray()) {
        List<String> items = new ArrayList<>();
        value.forEach(item -> items.add(item.asText()));
        out.put(name, String.join(",", items));
      } else if (!value.isNull()) {
        out.put(name, value.asText());
      }
    }
  }

  /** Few aliases and shallow nesting: a billion-laughs file or a deep one fails fast instead of exhausting memory or stack. */
  private static LoaderOptions loaderOptions() {
    LoaderOptions options = new LoaderOptions();
    options.setMaxAliasesForCollections(10);
    options.setNestingDepthLimit(20);
    options.setAllowDuplicateKeys(false);
    options.setCodePointLimit((int) MAX_FILE_BYTES);
    return options;
  }

  /** Jackson reads an alias as its name, silently: a configuration would hold "u" where "*u" meant a value. */
  private static void refuseAliases(String text, Path file) throws IOException {
    try (YAMLParser parser = (YAMLParser) YAML.getFactory().createParser(text)) {
      while (parser.nextToken() != null) {
        if (parser.isCurrentAlias()) {
          throw new ConfigException("config file " + file + " line " + parser.currentLocation().getLineNr()
              + ": YAML aliases (*" + parser.getText() + ") are not supported; write the value out");
        }
      }
    }
  }
}
