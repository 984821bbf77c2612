package dev.trawl.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Secrets such as bearer tokens: read from a file (a mounted Kubernetes Secret), so they appear
 * neither on a command line nor in the environment a crash dump or {@code kubectl describe} shows.
 * Errors name the key and the file, never the content.
 */
public final class Secrets {
  private static final int MAX_BYTES = 64 * 1024;

  private Secrets() {}

  /**
   * The content of {@code file}, trimmed, or else the value of {@code inline}; empty when neither is set.
   */
  public static Optional<String> read(Config config, ConfigKey<String> inline, ConfigKey<String> file) {
    Optional<String> path = config.find(file);
    if (path.isEmpty()) {
      return config.find(inline).filter(s -> !s.isEmpty());
    }
    if (config.find(inline).isPresent()) {
      throw new ConfigException("config keys '" + inline.name() + "' and '" + file.name() + "': set one of them, not both");
    }
    try {
      Path p = Path.of(path.get());
      if (Files.size(p) > MAX_BYTES) {
        throw new ConfigException("config key '" + file.name() + "': '" + path.get() + "' is larger than " + MAX_BYTES
            + " bytes; it should hold one token");
      }
      String secret = Files.readString(p, StandardCharsets.UTF_8).trim();
      if (secret.isEmpty()) {
        throw new ConfigException("config key '" + file.name() + "': '" + path.get() + "' is empty");
      }
      return Optional.of(secret);
    } catch (IOException e) {
      throw new ConfigException("config key '" + file.name() + "': '" + path.get() + "' cannot be read: " + e.getClass()
          .getSimpleName());
    }
  }
}
