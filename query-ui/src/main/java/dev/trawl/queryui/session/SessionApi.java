package dev.trawl.queryui.session;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trawl.http.Request;
import dev.trawl.http.Response;
import dev.trawl.queryui.api.ApiException;
import dev.trawl.queryui.kubeauth.Identity;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.util.Map;

/**
 * {@code /api/session}: {@code GET} says who the browser is signed in as (and the auth mode, so the
 * page can say when it is open to everyone); {@code POST {"token": …}} signs in with a Kubernetes
 * token, checked with TokenReview, and answers an HttpOnly, Secure, SameSite=Strict session cookie
 * and the CSRF token; {@code DELETE} signs out. The token itself never goes back to the browser.
 */
public final class SessionApi {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long MAX_AGE_SECONDS = Sessions.LIFETIME.toSeconds();

  private final Callers callers;

  public SessionApi(Callers callers) {
    this.callers = callers;
  }

  public Response handle(Request request) throws IOException {
    return switch (request.method()) {
      case "GET" -> current(request);
      case "POST" -> signIn(request);
      case "DELETE" -> signOut(request);
      default -> throw new ApiException(405, request.method() + " is not allowed on /api/session; use GET, POST or DELETE");
    };
  }

  private Response current(Request request) throws IOException {
    ObjectNode out = JSON.createObjectNode().put("mode", callers.mode());
    if (callers.mode().equals("none")) {
      out.putNull("user");
      out.put("notice", "auth.mode is none: anyone who can reach this port reads every log");
      return json(out);
    }
    Caller caller = callers.of(request);
    describe(out, caller.who());
    if (caller.session() != null) {
      out.put("csrf", caller.session().csrf());
    }
    return json(out);
  }

  private Response signIn(Request request) throws IOException {
    if (!callers.mode().equals("kubernetes")) {
      throw new ApiException(400, "signing in with a token needs auth.mode kubernetes; this query-ui runs with "
          + callers.mode());
    }
    checkSameOrigin(request);
    String contentType = request.header("content-type");
    if (contentType == null || !contentType.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
      throw new ApiException(415, "sign in with a JSON body {\"token\": \"…\"} sent as application/json");
    }
    JsonNode body;
    try {
      body = JSON.readTree(request.body());
    } catch (IOException e) {
      throw new ApiException(400, "the body is not JSON: " + e.getMessage().lines().findFirst().orElse(""));
    }
    String token = body == null ? "" : body.path("token").asText("").trim();
    if (token.isEmpty()) {
      throw new ApiException(400, "token is required: a service account token or an OIDC id token the cluster accepts");
    }
    Identity who;
    try {
      who = callers.tokens().reviewToken(token).orElseThrow(() -> new ApiException(401,
          "the token was not accepted by the cluster (TokenReview)"));
    } catch (KubernetesClientException e) {
      throw new ApiException(503, "cannot check the token with the Kubernetes API: " + e.getMessage());
    }
    Sessions.Session session = callers.sessions().open(token);
    ObjectNode out = JSON.createObjectNode().put("mode", callers.mode());
    describe(out, who);
    out.put("csrf", session.csrf());
    return json(out).withHeaders(Map.of("Set-Cookie", Callers.COOKIE + "=" + session.id()
        + "; Path=/; Max-Age=" + MAX_AGE_SECONDS + "; HttpOnly; Secure; SameSite=Strict"));
  }

  private Response signOut(Request request) throws IOException {
    Caller caller = callers.of(request);
    if (caller.session() != null) {
      callers.sessions().close(caller.session().id());
    }
    return json(JSON.createObjectNode().put("mode", callers.mode()).putNull("user")).withHeaders(Map.of("Set-Cookie",
        Callers.COOKIE + "=; Path=/; Max-Age=0; HttpOnly; Secure; SameSite=Strict"));
  }

  /** A sign-in posted from another site's page (login CSRF) carries that site's Origin. */
  private static void checkSameOrigin(Request request) {
    String origin = request.header("origin");
    String host = request.header("host");
    if (origin != null && (host == null || !(origin.equals("http://" + host) || origin.equals("https://" + host)))) {
      throw new ApiException(403, "sign-in from origin " + origin + " refused: only this site's page may sign in");
    }
  }

  private static void describe(ObjectNode out, Identity who) {
    out.put("user", who.user());
    who.groups().forEach(out.withArray("groups")::add);
  }

  private static Response json(ObjectNode body) throws IOException {
    return Response.json(200, JSON.writeValueAsBytes(body));
  }
}
