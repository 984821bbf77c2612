package dev.trawl.queryui.kubeauth;

import dev.trawl.http.Request;
import io.fabric8.kubernetes.api.model.authentication.TokenReview;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewBuilder;
import io.fabric8.kubernetes.api.model.authentication.UserInfo;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/**
 * Authenticates a request the way an aggregated API server does: a verified front-proxy client
 * certificate makes the {@code X-Remote-*} headers trusted; otherwise a bearer token is checked
 * with TokenReview. Tokens are cached by their SHA-256 only, never kept in clear.
 */
public final class DelegatedAuthenticator {
  private static final Duration CACHE_TTL = Duration.ofSeconds(10);

  private final KubernetesClient client;
  private final FrontProxyTrust trust;
  private final ExpiringCache<String, Optional<Identity>> reviews = new ExpiringCache<>(CACHE_TTL, 10_000);

  public DelegatedAuthenticator(KubernetesClient client, FrontProxyTrust trust) {
    this.client = client;
    this.trust = trust;
  }

  /** The caller, or empty when the request proves no identity. */
  public Optional<Identity> authenticate(Request request) {
    if (trust.enabled() && !request.clientCertificates().isEmpty()) {
      return fromFrontProxy(request);
    }
    String authorization = request.header("authorization");
    if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return Optional.empty();
    }
    return reviewToken(authorization.substring(7).trim());
  }

  /** Who the cluster says the token belongs to (TokenReview, cached), or empty when it rejects the token. */
  public Optional<Identity> reviewToken(String token) {
    return token.isEmpty() ? Optional.empty() : reviews.get(sha256(token), hash -> review(token));
  }

  private Optional<Identity> fromFrontProxy(Request request) {
    if (!trust.allowedNames().isEmpty() && !trust.allowedNames().contains(commonName(request.clientCertificates().get(0)))) {
      return Optional.empty();
    }
    String user = trust.userHeaders().stream().map(request::header).filter(v -> v != null && !v.isBlank())
        .findFirst().orElse(null);
    if (user == null) {
      return Optional.empty();
    }
    List<String> groups = new ArrayList<>();
    trust.groupHeaders().stream().map(request::header).filter(v -> v != null && !v.isBlank())
        .forEach(v -> groups.addAll(split(v)));
    Map<String, List<String>> extra = new LinkedHashMap<>();
    for (String prefix : trust.extraHeaderPrefixes()) {
      String p = prefix.toLowerCase(Locale.ROOT);
      request.headers().forEach((name, value) -> {
        if (name.startsWith(p) && name.length() > p.length()) {
          extra.put(URLDecoder.decode(name.substring(p.length()), StandardCharsets.UTF_8), split(value));
        }
      });
    }
    return Optional.of(new Identity(user, groups, extra));
  }

  private Optional<Identity> review(String token) {
    TokenReview answer = client.authentication().v1().tokenReviews()
        .create(new TokenReviewBuilder().withNewSpec().withToken(token).endSpec().build());
    if (answer.getStatus() == null || !Boolean.TRUE.equals(answer.getStatus().getAuthenticated())) {
      return Optional.empty();
    }
    UserInfo user = answer.getStatus().getUser();
    return Optional.of(new Identity(user.getUsername(), user.getGroups() == null ? List.of() : user.getGroups(),
        user.getExtra() == null ? Map.of() : user.getExtra()));
  }

  /** Repeated headers arrive joined by commas. */
  private static List<String> split(String value) {
    List<String> out = new ArrayList<>();
    for (String part : value.split(",")) {
      if (!part.isBlank()) {
        out.add(part.trim());
      }
    }
    return out;
  }

  private static String commonName(X509Certificate certificate) {
    try {
      for (Rdn rdn : new LdapName(certificate.getSubjectX500Principal().getName()).getRdns()) {
        if (rdn.getType().equalsIgnoreCase("CN")) {
          return rdn.getValue().toString();
        }
      }
      return "";
    } catch (InvalidNameException e) {
      return "";
    }
  }

  private static String sha256(String token) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
