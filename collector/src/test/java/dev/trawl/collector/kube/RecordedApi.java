package dev.trawl.collector.kube;

import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.http.Response;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A Kubernetes API stand-in on loopback that answers list and watch requests from recorded API
 * JSON: per resource, a sequence of list bodies (the last repeats) and a sequence of watch
 * sessions, each a file of watch events (one JSON object per line) sent over the watch's
 * WebSocket, after which the session either stays open, as a quiet watch does, or is dropped.
 * Once a resource's sessions are used up, further watches stay open without events. Every request
 * is recorded, to count what a client asks for.
 */
final class RecordedApi implements AutoCloseable {
  /** One request: the resource path, whether it was a watch, and its query parameters. */
  record Request(String resource, boolean watch, Map<String, String> query) {}

  private record Session(List<String> events, boolean dropAfterEvents) {}

  /** Held so the level sticks: the mock server logs every request through java.util.logging. */
  private static final Logger MOCK_SERVER_LOG = Logger.getLogger("io.fabric8.mockwebserver");

  private final MockWebServer server = new MockWebServer();
  private final Map<String, Deque<String>> lists = new ConcurrentHashMap<>();
  private final Map<String, Deque<Session>> watches = new ConcurrentHashMap<>();
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final List<WebSocket> open = new CopyOnWriteArrayList<>();
  private volatile Consumer<Request> onRequest = r -> { };
  private final Map<String, Duration> listDelays = new ConcurrentHashMap<>();

  RecordedApi() {
    MOCK_SERVER_LOG.setLevel(Level.WARNING);
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        return answer(request);
      }
    });
    server.start(InetAddress.getLoopbackAddress(), 0);
  }

  /** Lists of {@code resource} (such as {@code /api/v1/pods}) answer these recorded bodies in turn. */
  RecordedApi lists(String resource, String... resourceFiles) {
    Deque<String> bodies = lists.computeIfAbsent(resource, r -> new ArrayDeque<>());
    for (String file : resourceFiles) {
      bodies.add(read(file));
    }
    return this;
  }

  /** The next watch of {@code resource} sends these recorded events, then is dropped or stays open. */
  RecordedApi watch(String resource, String eventsFile, boolean dropAfterEvents) {
    watches.computeIfAbsent(resource, r -> new ArrayDeque<>())
        .add(new Session(read(eventsFile).lines().filter(l -> !l.isBlank()).toList(), dropAfterEvents));
    return this;
  }

  /** Lists of {@code resource} answer only after {@code delay}, as a big cluster's do; other requests are answered meanwhile. */
  RecordedApi listDelay(String resource, Duration delay) {
    listDelays.put(resource, delay);
    return this;
  }

  /** Called on each request as it arrives, before it is answered. */
  void onRequest(Consumer<Request> hook) {
    this.onRequest = hook;
  }

  String url() {
    return "http://127.0.0.1:" + server.getPort();
  }

  List<Request> requests() {
    return List.copyOf(requests);
  }

  long count(String resource, boolean watch) {
    return requests.stream().filter(r -> r.resource().equals(resource) && r.watch() == watch).count();
  }

  private static String read(String resourceFile) {
    try (InputStream in = RecordedApi.class.getResourceAsStream("/kube/api/" + resourceFile)) {
      if (in == null) {
        throw new IllegalArgumentException("no recorded file " + resourceFile);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private MockResponse answer(RecordedRequest recorded) {
    String path = recorded.getPath();
    int q = path.indexOf('?');
    String resource = q < 0 ? path : path.substring(0, q);
    Map<String, String> query = new HashMap<>();
    if (q >= 0) {
      for (String pair : path.substring(q + 1).split("&")) {
        int eq = pair.indexOf('=');
        query.put(URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
            eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    Request request = new Request(resource, "true".equals(query.get("watch")), Map.copyOf(query));
    requests.add(request);
    onRequest.accept(request);
    if (request.watch()) {
      return watchResponse(resource);
    }
    Deque<String> bodies = lists.get(resource);
    if (bodies == null) {
      return new MockResponse().setResponseCode(404).setHeader("Content-Type", "application/json")
          .setBody("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"reason\":\"NotFound\",\"code\":404}");
    }
    String body;
    synchronized (bodies) {
      body = bodies.size() > 1 ? bodies.poll() : bodies.peek();
    }
    MockResponse response = new MockResponse().setResponseCode(200).setHeader("Content-Type", "application/json").setBody(body);
    Duration delay = listDelays.get(resource);
    return delay == null ? response : response.setBodyDelay(delay);
  }

  private MockResponse watchResponse(String resource) {
    Deque<Session> sessions = watches.get(resource);
    Session session;
    synchronized (this) {
      session = sessions == null || sessions.isEmpty() ? new Session(List.of(), false) : sessions.poll();
    }
    return new MockResponse().withWebSocketUpgrade(new WebSocketListener() {
      @Override
      public void onOpen(WebSocket socket, Response response) {
        open.add(socket);
        session.events().forEach(socket::send);
        if (session.dropAfterEvents()) {
          socket.close(1000, "watch dropped");
        }
      }
    });
  }

  @Override
  public void close() {
    open.forEach(s -> s.close(1000, "server stopping"));
    server.shutdown();
  }
}
