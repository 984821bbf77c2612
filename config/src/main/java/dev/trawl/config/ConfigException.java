package dev.trawl.config;

/**
 * A configuration that cannot be used: the message names the key and the bad value. Components
 * turn it into exit code {@value #EXIT_CODE}.
 */
public final class ConfigException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** The process exit code for a configuration error, as DESIGN.md fixes it. */
  public static final int EXIT_CODE = 2;

  public ConfigException(String message) {
    super(message);
  }

  static ConfigException badValue(String key, String source, String value, String expected) {
    return new ConfigException(
        "config key '" + key + "' (from " + source + "): '" + value + "' is not " + expected);
  }
}
