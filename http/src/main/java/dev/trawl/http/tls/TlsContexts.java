package dev.trawl.http.tls;

import dev.trawl.config.ConfigException;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/**
 * TLS from PEM files as Kubernetes Secrets mount them: a server's side (optionally asking or
 * requiring a client certificate from given CAs) and a client's (a custom CA, an optional client
 * certificate for mutual TLS). Errors name the configuration keys, never a key's content.
 */
public final class TlsContexts {
  /** Names a generated certificate carries: the in-cluster Service and loopback. */
  static final List<String> GENERATED_NAMES = List.of("trawl-query-ui", "trawl-query-ui.trawl-system",
      "trawl-query-ui.trawl-system.svc", "localhost", "127.0.0.1");

  private TlsContexts() {}

  /**
   * @param certFile PEM certificate chain; with {@code keyFile} null too, a self-signed one is generated
   * @param keyFile PEM private key (PKCS#8 or PKCS#1), with {@code certFile}
   * @param clientCas when non-empty, clients may present a certificate and it must chain to one of these
   */
  public static SslContext server(String certFile, String keyFile, List<X509Certificate> clientCas) {
    try {
      SslContextBuilder builder;
      if (certFile == null && keyFile == null) {
        Certificates.KeyAndCertificate generated = Certificates.issue("trawl-query-ui", GENERATED_NAMES, false, null,
            Duration.ofDays(365));
        builder = SslContextBuilder.forServer(generated.key(), generated.certificate());
      } else {
        builder = SslContextBuilder.forServer(privateKey(readable(keyFile, "tls.key")),
            certificates(readable(certFile, "tls.cert")).toArray(X509Certificate[]::new));
      }
      if (!clientCas.isEmpty()) {
        builder.clientAuth(ClientAuth.OPTIONAL).trustManager(clientCas.toArray(X509Certificate[]::new));
      }
      return builder.build();
    } catch (IllegalArgumentException | IOException | GeneralSecurityException e) {
      throw new ConfigException("config keys 'tls.cert'/'tls.key': '" + certFile + "', '" + keyFile
          + "' are not a usable PEM certificate and key: " + e.getMessage());
    }
  }

  /**
   * The server side for a component whose TLS is optional: null (plain HTTP) without a certificate.
   *
   * @param clientCaFile when set, every client must present a certificate chaining to one of its CAs
   */
  public static SslContext serverIfConfigured(String certFile, String keyFile, String clientCaFile) {
    if (certFile == null && keyFile == null) {
      if (clientCaFile != null) {
        throw new ConfigException("config key 'tls.client_ca': '" + clientCaFile + "' needs tls.cert and tls.key too");
      }
      return null;
    }
    try {
      SslContextBuilder builder = SslContextBuilder.forServer(privateKey(readable(keyFile, "tls.key")),
          certificates(readable(certFile, "tls.cert")).toArray(X509Certificate[]::new));
      if (clientCaFile != null) {
        builder.clientAuth(ClientAuth.REQUIRE)
            .trustManager(certificates(readable(clientCaFile, "tls.client_ca")).toArray(X509Certificate[]::new));
      }
      return builder.build();
    } catch (IllegalArgumentException | IOException | GeneralSecurityException e) {
      throw new ConfigException("config keys 'tls.cert'/'tls.key'/'tls.client_ca': '" + certFile + "', '" + keyFile + "', '"
          + clientCaFile + "' are not a usable PEM certificate, key and CA: " + e.getMessage());
    }
  }

  /**
   * The client side towards a server: trusting {@code <prefix>.ca} (else the JDK's CAs), presenting
   * {@code <prefix>.cert} with {@code <prefix>.key} when set; null when none is set (the JDK's defaults).
   */
  public static SSLContext client(String prefix, String caFile, String certFile, String keyFile) {
    if (caFile == null && certFile == null && keyFile == null) {
      return null;
    }
    try {
      TrustManager[] trust = null;
      if (caFile != null) {
        KeyStore cas = KeyStore.getInstance("PKCS12");
        cas.load(null, null);
        int n = 0;
        for (X509Certificate ca : certificates(readable(caFile, prefix + ".ca"))) {
          cas.setCertificateEntry("ca" + n++, ca);
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(cas);
        trust = factory.getTrustManagers();
      }
      KeyManager[] keys = null;
      if (certFile != null || keyFile != null) {
        KeyStore own = KeyStore.getInstance("PKCS12");
        own.load(null, null);
        own.setKeyEntry("client", privateKey(readable(keyFile, prefix + ".key")), new char[0],
            certificates(readable(certFile, prefix + ".cert")).toArray(X509Certificate[]::new));
        KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        factory.init(own, new char[0]);
        keys = factory.getKeyManagers();
      }
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keys, trust, null);
      return context;
    } catch (IOException | GeneralSecurityException e) {
      throw new ConfigException("config keys '" + prefix + ".ca'/'" + prefix + ".cert'/'" + prefix + ".key': '" + caFile
          + "', '" + certFile + "', '" + keyFile + "' are not a usable PEM CA, certificate and key: " + e.getMessage());
    }
  }

  /** A JDK HTTP client using {@code tls} for HTTPS, or the JDK's defaults when it is null. */
  public static HttpClient httpClient(SSLContext tls, Duration connectTimeout) {
    HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(connectTimeout);
    if (tls != null) {
      builder.sslContext(tls);
    }
    return builder.build();
  }

  /** PKCS#8, PKCS#1 (RSA) or SEC1 (EC): whichever kubeadm, cert-manager or openssl wrote. */
  private static PrivateKey privateKey(Path file) throws IOException {
    try (PEMParser parser = new PEMParser(Files.newBufferedReader(file, StandardCharsets.US_ASCII))) {
      Object pem = parser.readObject();
      JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
      if (pem instanceof PEMKeyPair pair) {
        return converter.getPrivateKey(pair.getPrivateKeyInfo());
      }
      if (pem instanceof PrivateKeyInfo info) {
        return converter.getPrivateKey(info);
      }
      throw new IOException("no unencrypted private key in " + file);
    }
  }

  private static List<X509Certificate> certificates(Path file) throws IOException, GeneralSecurityException {
    List<X509Certificate> chain = new ArrayList<>();
    try (InputStream in = Files.newInputStream(file)) {
      CertificateFactory.getInstance("X.509").generateCertificates(in).forEach(c -> chain.add((X509Certificate) c));
    }
    if (chain.isEmpty()) {
      throw new IOException("no certificate in " + file);
    }
    return chain;
  }

  private static Path readable(String file, String key) {
    if (file == null) {
      throw new ConfigException("config key '" + key + "': must be set together with the certificate or key it pairs with");
    }
    Path path = Path.of(file);
    if (!Files.isReadable(path)) {
      throw new ConfigException("config key '" + key + "': '" + file + "' cannot be read");
    }
    return path;
  }
}
