package dev.trawl.http;

import java.net.InetAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Per-client request rate and concurrency limits around a component's routes: each client (by
 * address) gets a token bucket of {@code ratePerSecond} refilled continuously with room for
 * {@code burst}, and at most {@code concurrent} requests in progress. Past either, the answer is a
 * 429 with {@code Retry-After}, built by {@code refusal} in the component's own error shape, so
 * one noisy client slows down instead of taking memory and threads from everyone else.
 * Thread-safe; remembers at most {@value #MAX_CLIENTS} clients, forgetting idle ones first.
 */
public final class ClientLimits {
  static final int MAX_CLIENTS = 10_000;

  private final double ratePerSecond;
  private final double burst;
  private final int concurrent;
  private final Function<String, Response> refusal;
  private final Map<InetAddress, Client> clients = new ConcurrentHashMap<>();
  private final Runnable onRefused;

  /**
   * @param ratePerSecond 0 for no rate limit
   * @param concurrent 0 for no concurrency limit
   * @param refusal the 429 response for a reason
   * @param onRefused counts refusals (a metric)
   */
  public ClientLimits(double ratePerSecond, int burst, int concurrent, Function<String, Response> refusal,
      Runnable onRefused) {
    this.ratePerSecond = ratePerSecond;
    this.burst = Math.max(1, burst);
    this.concurrent = concurrent;
    this.refusal = refusal;
    this.onRefused = onRefused;
  }

  /** The routes with these limits applied before each request. */
  public Routes around(Routes routes) {
    return request -> {
      Client client = client(request.remote());
      String refused = client.admit(System.nanoTime());
      if (refused != null) {
        onRefused.run();
        return refusal.apply(refused).withHeaders(Map.of("Retry-After", "1"));
      }
      try {
        return routes.handle(request);
      } finally {
        client.done();
      }
    };
  }

  private Client client(InetAddress address) {
    Client client = clients.get(address);
    if (client != null) {
      return client;
    }
    if (clients.size() >= MAX_CLIENTS) {
      clients.values().removeIf(Client::idle);
    }
    return clients.computeIfAbsent(address, a -> new Client());
  }

  private final class Client {
    private double tokens = burst;
    private long refilledAtNanos = System.nanoTime();
    private int inFlight;

    synchronized String admit(long now) {
      if (ratePerSecond > 0) {
        tokens = Math.min(burst, tokens + (now - refilledAtNanos) / 1e9 * ratePerSecond);
        refilledAtNanos = now;
        if (tokens < 1) {
          return "more than " + fmt(ratePerSecond) + " requests per second (burst " + fmt(burst) + ") from this client";
        }
      }
      if (concurrent > 0 && inFlight >= concurrent) {
        return "more than " + concurrent + " requests at once from this client";
      }
      if (ratePerSecond > 0) {
        tokens -= 1;
      }
      inFlight++;
      return null;
    }

    synchronized void done() {
      inFlight--;
    }

    synchronized boolean idle() {
      return inFlight == 0 && (ratePerSecond <= 0 || tokens + (System.nanoTime() - refilledAtNanos) / 1e9 * ratePerSecond >= burst);
    }
  }

  private static String fmt(double n) {
    return n == Math.rint(n) ? Long.toString((long) n) : Double.toString(n);
  }
}
