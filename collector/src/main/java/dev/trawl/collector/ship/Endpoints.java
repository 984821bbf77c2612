package dev.trawl.collector.ship;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The indexer URLs the shipper may use, in order of preference, and the one in use. A request that
 * does not get through (connection error, timeout, 502/503/504) moves later requests on to the
 * next URL, round the list, as Fluent Bit's and Vector's elasticsearch outputs do with several
 * hosts; the retry and its backoff stay the shipper's. Thread-safe.
 */
public final class Endpoints {
  private static final Logger LOG = LoggerFactory.getLogger(Endpoints.class);

  private final List<String> bases;
  private final AtomicInteger current = new AtomicInteger();

  private Endpoints(List<String> bases) {
    this.bases = bases;
  }

  /**
   * @param urls one base URL or a comma list of them
   * @throws IllegalArgumentException naming the value that is not an http or https URL
   */
  public static Endpoints parse(String urls) {
    List<String> bases = new ArrayList<>();
    for (String part : urls.split(",")) {
      String url = part.trim();
      if (url.isEmpty()) {
        continue;
      }
      URI uri;
      try {
        uri = URI.create(url);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("'" + url + "' is not a URL: " + e.getMessage());
      }
      if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
        throw new IllegalArgumentException("'" + url + "' is not an http:// or https:// URL with a host");
      }
      bases.add(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
    }
    if (bases.isEmpty()) {
      throw new IllegalArgumentException("no URL in '" + urls + "'");
    }
    return new Endpoints(List.copyOf(bases));
  }

  /** The base URL requests go to now, without a trailing slash. */
  public String current() {
    return bases.get(current.get());
  }

  /** A request to {@code base} did not get through: unless another one moved on already, the next URL takes over. */
  public void failed(String base, String why) {
    if (bases.size() == 1) {
      return;
    }
    int at = current.get();
    if (bases.get(at).equals(base) && current.compareAndSet(at, (at + 1) % bases.size())) {
      LOG.warn("ship failover from {} to {}: {}", base, current(), why);
    }
  }
}
