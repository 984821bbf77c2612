package dev.trawl.http.tls;

import dev.trawl.config.Config;
import dev.trawl.config.ConfigKey;
import dev.trawl.config.Secrets;
import dev.trawl.config.ValueType;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLContext;

/**
 * How a component reaches the indexer: its bearer token (inline, or better from
 * {@code <prefix>.token_file}, a mounted Secret) and TLS ({@code <prefix>.ca} to trust,
 * {@code <prefix>.cert} and {@code <prefix>.key} for mutual TLS). Declared once, used by the
 * collector ({@code shipper.*}) and the query UI ({@code indexer.*}).
 */
public record UpstreamSettings(ConfigKey<String> token, ConfigKey<String> tokenFile, ConfigKey<String> ca,
    ConfigKey<String> cert, ConfigKey<String> key) {

  public static UpstreamSettings of(ConfigKey<String> token, String prefix) {
    return new UpstreamSettings(token,
        new ConfigKey<>(prefix + ".token_file", ValueType.STRING, null,
            "File holding the bearer token sent to the indexer (a mounted Secret; instead of " + token.name() + ")"),
        new ConfigKey<>(prefix + ".ca", ValueType.STRING, null,
            "PEM CA certificates that sign the indexer's HTTPS certificate (unset: the JDK's CAs)"),
        new ConfigKey<>(prefix + ".cert", ValueType.STRING, null,
            "PEM client certificate presented to the indexer, for mutual TLS"),
        new ConfigKey<>(prefix + ".key", ValueType.STRING, null, "PEM private key of " + prefix + ".cert"));
  }

  /** The keys beyond the token, which the component declares itself. */
  public List<ConfigKey<?>> keys() {
    return List.of(tokenFile, ca, cert, key);
  }

  public Optional<String> token(Config config) {
    return Secrets.read(config, token, tokenFile);
  }

  /** Null for the JDK's defaults. */
  public SSLContext tls(Config config) {
    String prefix = ca.name().substring(0, ca.name().length() - ".ca".length());
    return TlsContexts.client(prefix, config.find(ca).orElse(null), config.find(cert).orElse(null),
        config.find(key).orElse(null));
  }
}
