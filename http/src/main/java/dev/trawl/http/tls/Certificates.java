package dev.trawl.http.tls;

import java.math.BigInteger;
import java.net.InetAddress;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Issues X.509 certificates with an EC P-256 key: self-signed for serving, or signed by a given CA. */
public final class Certificates {
  /** A certificate with its private key; {@code issuer} signs what it issues. */
  public record KeyAndCertificate(PrivateKey key, X509Certificate certificate) {}

  private static final SecureRandom RANDOM = new SecureRandom();

  private Certificates() {}

  /**
   * @param commonName the subject's CN
   * @param names DNS names and IP addresses for the subject alternative name
   * @param ca whether the certificate may sign others
   * @param issuer the signer, or null for self-signed
   */
  public static KeyAndCertificate issue(String commonName, List<String> names, boolean ca, KeyAndCertificate issuer,
      Duration validity) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(256, RANDOM);
      KeyPair pair = generator.generateKeyPair();
      X500Name subject = new X500Name("CN=" + commonName);
      X500Name issuerName = issuer == null ? subject
          : X500Name.getInstance(issuer.certificate().getSubjectX500Principal().getEncoded());
      Instant now = Instant.now();
      X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuerName, new BigInteger(64, RANDOM).abs(),
          Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(validity)), subject, pair.getPublic());
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
      if (!names.isEmpty()) {
        builder.addExtension(Extension.subjectAlternativeName, false, subjectAlternativeNames(names));
      }
      PrivateKey signer = issuer == null ? pair.getPrivate() : issuer.key();
      X509Certificate certificate = new JcaX509CertificateConverter()
          .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer)));
      return new KeyAndCertificate(pair.getPrivate(), certificate);
    } catch (GeneralSecurityException | OperatorCreationException | CertIOException e) {
      throw new IllegalStateException("cannot issue a certificate for " + commonName + ": " + e.getMessage(), e);
    }
  }

  private static GeneralNames subjectAlternativeNames(List<String> names) {
    List<GeneralName> out = new ArrayList<>();
    for (String name : names) {
      boolean ip = name.chars().allMatch(c -> Character.isDigit(c) || c == '.') || name.contains(":");
      out.add(new GeneralName(ip ? GeneralName.iPAddress : GeneralName.dNSName, ip ? ipText(name) : name));
    }
    return new GeneralNames(out.toArray(GeneralName[]::new));
  }

  private static String ipText(String name) {
    try {
      return InetAddress.getByName(name).getHostAddress();
    } catch (java.net.UnknownHostException e) {
      throw new IllegalArgumentException("not an IP address: " + name, e);
    }
  }
}
