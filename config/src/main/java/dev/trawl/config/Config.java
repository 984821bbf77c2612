package dev.trawl.config;

import java.util.Map;
import java.util.Optional;

/** The resolved values of one component's keys. Immutable and thread-safe. */
public final class Config {
  private final Map<String, Object> values;

  Config(Map<String, Object> values) {
    this.values = Map.copyOf(values);
  }

  /** The value of a key that has a default, or that was set. */
  public <T> T get(ConfigKey<T> key) {
    return find(key)
        .orElseThrow(() -> new ConfigException("config key '" + key.name() + "' must be set"));
  }

  /** The value of an optional key: empty when neither set nor defaulted. */
  public <T> Optional<T> find(ConfigKey<T> key) {
    @SuppressWarnings("unchecked")
    T value = (T) values.get(key.name());
    return Optional.ofNullable(value);
  }
}
