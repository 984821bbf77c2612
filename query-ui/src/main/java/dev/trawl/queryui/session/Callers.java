package dev.trawl.queryui.session;

import dev.trawl.http.Request;
import dev.trawl.queryui.api.ApiException;
import dev.trawl.queryui.api.NamespaceScope;
import dev.trawl.queryui.kubeauth.DelegatedAuthenticator;
import dev.trawl.queryui.kubeauth.Identity;
import dev.trawl.queryui.kubeauth.NamespaceAccess;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a request into its {@link Caller}, or refuses it: 401 without a valid identity, 403 for a
 * cookie-authenticated state-changing request without the session's CSRF token, 503 when the
 * Kubernetes API cannot be asked. The one place {@code /api} decides who sees what.
 */
public final class Callers {
  public static final String COOKIE = "trawl_session";
  static final String CSRF_HEADER = "x-csrf-token";
  private static final Logger LOG = LoggerFactory.getLogger(Callers.class);

  private final String mode;
  private final DelegatedAuthenticator tokens;
  private final TrustedProxy proxy;
  private final NamespaceAccess access;
  private final Sessions sessions;

  private Callers(String mode, DelegatedAuthenticator tokens, TrustedProxy proxy, NamespaceAccess access, Sessions sessions) {
    this.mode = mode;
    this.tokens = tokens;
    this.proxy = proxy;
    this.access = access;
    this.sessions = sessions;
  }

  /** {@code auth.mode: none}: everyone reads everything. */
  public static Callers open() {
    return new Callers("none", null, null, null, null);
  }

  public static Callers kubernetes(DelegatedAuthenticator tokens, NamespaceAccess access, Sessions sessions) {
    return new Callers("kubernetes", tokens, null, access, sessions);
  }

  public static Callers proxy(TrustedProxy proxy, NamespaceAccess access) {
    return new Callers("proxy", null, proxy, access, null);
  }

  public String mode() {
    return mode;
  }

  Sessions sessions() {
    return sessions;
  }

  DelegatedAuthenticator tokens() {
    return tokens;
  }

  public Caller of(Request request) {
    if (access == null) {
      return new Caller(null, NamespaceScope.ALL, null);
    }
    try {
      if (proxy != null) {
        Identity who = proxy.identity(request).orElseThrow(() -> new ApiException(401,
            "sign in through the authenticating proxy: this request did not come from auth.proxy.trusted with X-Forwarded-User"));
        return new Caller(who, access.scopeOf(who), null);
      }
      String authorization = request.header("authorization");
      if (authorization != null) {
        Identity who = tokens.authenticate(request).orElseThrow(() -> new ApiException(401,
            "the bearer token was not accepted by the cluster (TokenReview)"));
        return new Caller(who, access.scopeOf(who), null);
      }
      Sessions.Session session = sessions.find(cookie(request, COOKIE)).orElseThrow(() -> new ApiException(401,
          "sign in with a Kubernetes token"));
      Optional<Identity> who = tokens.reviewToken(session.token());
      if (who.isEmpty()) {
        sessions.close(session.id());
        throw new ApiException(401, "the session's token is no longer accepted by the cluster; sign in again");
      }
      if (!request.method().equals("GET") && !request.method().equals("HEAD") && !sameSecret(request.header(CSRF_HEADER),
          session.csrf())) {
        throw new ApiException(403, request.method() + " " + request.path() + " needs the session's X-CSRF-Token header");
      }
      return new Caller(who.get(), access.scopeOf(who.get()), session);
    } catch (KubernetesClientException e) {
      LOG.warn("query-ui cannot check access with the Kubernetes API: {}", e.getMessage());
      throw new ApiException(503, "cannot check access with the Kubernetes API: " + e.getMessage());
    }
  }

  /** The namespaces this identity may read now: a live tail asks again as it runs. */
  public NamespaceScope scopeOf(Identity who) {
    return who == null || access == null ? NamespaceScope.ALL : access.scopeOf(who);
  }

  static boolean sameSecret(String given, String expected) {
    return given != null && MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8),
        expected.getBytes(StandardCharsets.UTF_8));
  }

  static String cookie(Request request, String name) {
    String header = request.header("cookie");
    if (header == null) {
      return null;
    }
    for (String pair : header.split("[;,]")) {
      int eq = pair.indexOf('=');
      if (eq > 0 && pair.substring(0, eq).trim().equals(name)) {
        return pair.substring(eq + 1).trim();
      }
    }
    return null;
  }
}
