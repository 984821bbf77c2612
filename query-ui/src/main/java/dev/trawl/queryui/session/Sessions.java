package dev.trawl.queryui.session;

import dev.trawl.queryui.api.ApiException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Signed-in browsers, kept in memory only. The browser holds a random session id in a cookie; the
 * Kubernetes token it signed in with stays here, so every request re-checks it with TokenReview
 * (cached briefly) and a revoked or expired token ends the session. Bounded: a flood of sign-ins is
 * refused rather than allowed to exhaust memory.
 */
public final class Sessions {
  static final Duration LIFETIME = Duration.ofHours(8);
  static final int MAX_SESSIONS = 10_000;

  /** @param csrf the token a state-changing request must echo in {@code X-CSRF-Token} */
  public record Session(String id, String csrf, String token, long expiresAtNanos) {}

  private final SecureRandom random = new SecureRandom();
  private final ConcurrentHashMap<String, Session> sessions = new ConcurrentHashMap<>();

  public Session open(String token) {
    long now = System.nanoTime();
    if (sessions.size() >= MAX_SESSIONS) {
      sessions.values().removeIf(s -> now - s.expiresAtNanos() >= 0);
      if (sessions.size() >= MAX_SESSIONS) {
        throw new ApiException(429, "too many signed-in sessions (" + MAX_SESSIONS + "); retry later");
      }
    }
    Session session = new Session(randomId(), randomId(), token, now + LIFETIME.toNanos());
    sessions.put(session.id(), session);
    return session;
  }

  public Optional<Session> find(String id) {
    Session session = id == null ? null : sessions.get(id);
    if (session != null && System.nanoTime() - session.expiresAtNanos() >= 0) {
      sessions.remove(id);
      return Optional.empty();
    }
    return Optional.ofNullable(session);
  }

  public void close(String id) {
    sessions.remove(id);
  }

  private String randomId() {
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
