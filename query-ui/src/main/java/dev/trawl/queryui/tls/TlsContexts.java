package dev.trawl.queryui.tls;

import dev.trawl.config.ConfigException;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/** Builds the server side of TLS, optionally asking clients for a certificate from given CAs. */
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
      throw new ConfigException("config key '" + key + "': must be set together with the other of tls.cert and tls.key");
    }
    Path path = Path.of(file);
    if (!Files.isReadable(path)) {
      throw new ConfigException("config key '" + key + "': '" + file + "' cannot be read");
    }
    return path;
  }
}
