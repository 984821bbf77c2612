package dev.trawl.config;

import java.util.Locale;

/**
 * One configuration key, declared once next to its default and description.
 *
 * @param name dotted key as written in the YAML file, e.g. {@code shipper.url}
 * @param type how the value is parsed
 * @param defaultText the default as it would be written in the file; null when the key is
 *     optional and has no default
 * @param description one line for the module README's config table
 * @param <T> the parsed type
 */
public record ConfigKey<T>(String name, ValueType<T> type, String defaultText, String description) {

  public ConfigKey {
    if (!name.matches("[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)*")) {
      throw new IllegalArgumentException("config key name must be dotted lower case: " + name);
    }
  }

  /** The environment variable that overrides this key: {@code shipper.url} → {@code TRAWL_SHIPPER_URL}. */
  public String envName() {
    return "TRAWL_" + name.toUpperCase(Locale.ROOT).replace('.', '_');
  }
}
