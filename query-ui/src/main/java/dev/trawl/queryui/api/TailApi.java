package dev.trawl.queryui.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trawl.http.EventSink;
import dev.trawl.http.Response;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /api/tail?q=…&filters=…&since=<epoch ms>}: new matching lines as Server-Sent Events.
 * Every half second the tail asks the indexer for the newest lines of its {@link TailWindow} and
 * sends those not sent before, oldest first, as one {@code hits} event
 * ({@code {"hits": […], "skipped": n}}, hits in the search API's shape) whose id is the newest
 * line's time: a browser that reconnects sends it back as {@code Last-Event-ID} and resumes there.
 * At most {@value #MAX_PER_POLL} lines go out per poll; more are counted as {@code skipped}, so a
 * flood costs neither side unbounded memory. Polls are skipped while the client reads slower than
 * lines come. An indexer error is sent as an {@code indexer-error} event and the tail keeps polling.
 */
public final class TailApi implements AutoCloseable {
  static final int MAX_PER_POLL = 500;
  static final int MAX_STREAMS = 32;
  private static final long POLL_MILLIS = 500;
  private static final long LOOKBACK_MILLIS = 10_000;
  private static final long KEEPALIVE_MILLIS = 15_000;
  private static final Logger LOG = LoggerFactory.getLogger(TailApi.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final SearchApi search;
  private final ScheduledExecutorService poller;
  private final AtomicInteger open = new AtomicInteger();

  public TailApi(SearchApi search) {
    this.search = search;
    AtomicInteger n = new AtomicInteger();
    this.poller = Executors.newScheduledThreadPool(2, r -> {
      Thread t = new Thread(r, "query-ui-tail-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
  }

  /** Live tails streaming now. */
  public int open() {
    return open.get();
  }

  /**
   * Checks the query with a first search (a bad one is a 400 before any stream opens) that marks
   * the lines already there as seen, then answers the stream.
   */
  public Response tail(Supplier<NamespaceScope> scope, Map<String, String> params, String lastEventId) {
    // the limit first: a refused tail costs no search
    if (open.incrementAndGet() > MAX_STREAMS) {
      open.decrementAndGet();
      throw new ApiException(429, "too many live tails: at most " + MAX_STREAMS + " at once; close one and retry");
    }
    try {
      return stream(scope, params, lastEventId);
    } catch (RuntimeException e) {
      open.decrementAndGet();
      throw e;
    }
  }

  private Response stream(Supplier<NamespaceScope> scope, Map<String, String> params, String lastEventId) {
    String since = lastEventId != null && !lastEventId.isBlank() ? lastEventId : params.get("since");
    long start = since == null || since.isBlank() ? System.currentTimeMillis() : millis("since", since);
    TailWindow window = new TailWindow(start, LOOKBACK_MILLIS, MAX_PER_POLL * (int) (LOOKBACK_MILLIS / POLL_MILLIS));
    // to the last nanosecond of the start's millisecond: a line's time has nanoseconds, since has none
    String upToStart = Instant.ofEpochMilli(start).plusNanos(999_999).toString();
    JsonNode before = newest(scope.get(), params, window.fromMillis(), upToStart);
    JsonNode hits = before.path("hits");
    hits.forEach(hit -> window.add(hit.path("_id").asText(), timestampMillis(hit, start)));
    if (hits.size() == MAX_PER_POLL) {
      // older lines of the window were there before the tail too: never to be counted as skipped
      window.skipped(before.path("total").asLong() - hits.size(), timestampMillis(hits.get(hits.size() - 1), start));
    }
    return Response.eventStream(sink -> {
      Tail tail = new Tail(scope, params, window, sink);
      ScheduledFuture<?> task = poller.scheduleWithFixedDelay(tail::poll, 0, POLL_MILLIS, TimeUnit.MILLISECONDS);
      sink.onClose(() -> {
        task.cancel(false);
        open.decrementAndGet();
      });
    });
  }

  private JsonNode newest(NamespaceScope scope, Map<String, String> params, long fromMillis, String to) {
    Map<String, String> windowed = new HashMap<>(params);
    windowed.put("from", Instant.ofEpochMilli(fromMillis).toString());
    windowed.put("to", to);
    try {
      return search.hits(scope, SearchApi.request(windowed, MAX_PER_POLL));
    } catch (ApiException e) {
      if (e.status() == 404) {
        // no log index yet: nothing written so far, and the tail waits for the first line
        return JSON.createObjectNode().put("total", 0).set("hits", JSON.createArrayNode());
      }
      throw e;
    }
  }

  private static long millis(String name, String text) {
    try {
      return Long.parseLong(text.trim());
    } catch (NumberFormatException e) {
      throw new ApiException(400, name + " must be a time in milliseconds since 1970, such as 1795435200000, but was '" + text + "'");
    }
  }

  private static long timestampMillis(JsonNode hit, long otherwise) {
    try {
      return Instant.parse(hit.path("_source").path("@timestamp").asText()).toEpochMilli();
    } catch (DateTimeParseException e) {
      return otherwise;
    }
  }

  /** One client's tail; its polls never overlap (fixed delay). */
  private final class Tail {
    private final Supplier<NamespaceScope> scope;
    private final Map<String, String> params;
    private final TailWindow window;
    private final EventSink sink;
    private long lastSentMillis = System.currentTimeMillis();
    private boolean failing;

    Tail(Supplier<NamespaceScope> scope, Map<String, String> params, TailWindow window, EventSink sink) {
      this.scope = scope;
      this.params = params;
      this.window = window;
      this.sink = sink;
    }

    void poll() {
      if (!sink.isOpen() || !sink.isWritable()) {
        return;
      }
      try {
        // a little into the future: clocks of nodes and the indexer differ
        JsonNode answer = newest(scope.get(), params, window.fromMillis(), "now+1h");
        JsonNode hits = answer.path("hits");
        int before = window.rememberedInWindow();
        List<JsonNode> fresh = new ArrayList<>();
        for (JsonNode hit : hits) {
          if (window.add(hit.path("_id").asText(), timestampMillis(hit, window.newestMillis()))) {
            fresh.add(hit);
          }
        }
        long skipped = 0;
        if (hits.size() == MAX_PER_POLL) {
          // a full page: the window may hold new lines older than its oldest
          skipped = Math.max(0, answer.path("total").asLong() - before - fresh.size() - window.skippedInWindow());
          if (skipped > 0) {
            window.skipped(skipped, timestampMillis(hits.get(hits.size() - 1), window.newestMillis()));
          }
        }
        window.prune();
        failing = false;
        if (!fresh.isEmpty() || skipped > 0) {
          ObjectNode event = JSON.createObjectNode();
          ArrayNode oldestFirst = event.putArray("hits");
          for (int i = fresh.size() - 1; i >= 0; i--) {
            oldestFirst.add(fresh.get(i));
          }
          event.put("skipped", skipped);
          sink.send("hits", Long.toString(window.newestMillis()), event.toString());
          lastSentMillis = System.currentTimeMillis();
        } else if (System.currentTimeMillis() - lastSentMillis > KEEPALIVE_MILLIS) {
          sink.comment("keep-alive");
          lastSentMillis = System.currentTimeMillis();
        }
      } catch (ApiException e) {
        if (!failing) {
          LOG.warn("live tail poll failed status={} reason={}", e.status(), e.getMessage());
        }
        failing = true;
        sink.send("indexer-error", null, JSON.createObjectNode().put("error", e.getMessage()).toString());
      }
    }
  }

  @Override
  public void close() {
    poller.shutdownNow();
  }
}
