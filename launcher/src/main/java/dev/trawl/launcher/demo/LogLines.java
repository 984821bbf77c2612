package dev.trawl.launcher.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Makes plausible log bodies for a demo container: JSON with levels and trace ids, access lines,
 * Java stack traces, klog lines, and now and then a burst of errors. One body may span several
 * lines (a stack trace). Not thread-safe.
 */
final class LogLines {
  private static final String[] PATHS = {"/api/cart", "/api/cart/items", "/api/checkout", "/api/products/42",
      "/healthz", "/static/app.js", "/api/login", "/api/orders?page=2"};
  private static final String[] USERS = {"u-1001", "u-2042", "u-7313", "u-9120"};
  private final Random random;
  private int burstLeft;

  LogLines(long seed) {
    this.random = new Random(seed);
  }

  /** The next event's lines, each without a newline. */
  List<String> next(DemoPod pod) {
    if (burstLeft == 0 && random.nextInt(2000) == 0) {
      burstLeft = 20 + random.nextInt(30);
    }
    boolean error = burstLeft > 0 || random.nextInt(40) == 0;
    if (burstLeft > 0) {
      burstLeft--;
    }
    return switch (pod.style()) {
      case JSON -> List.of(json(pod, error));
      case ACCESS -> List.of(access(error));
      case JAVA -> java(pod, error);
      case KLOG -> List.of(klog(error));
    };
  }

  private String json(DemoPod pod, boolean error) {
    String level = error ? "error" : random.nextInt(10) == 0 ? "warn" : random.nextInt(4) == 0 ? "debug" : "info";
    String msg = error ? "request failed: upstream " + pod.namespace() + "/payments timed out after "
        + (500 + random.nextInt(2500)) + "ms" : "handled " + PATHS[random.nextInt(PATHS.length)] + " for " + USERS[random.nextInt(USERS.length)];
    return "{\"level\":\"" + level + "\",\"msg\":\"" + msg + "\",\"trace_id\":\"" + hex(32) + "\",\"span_id\":\""
        + hex(16) + "\",\"duration_ms\":" + random.nextInt(900) + ",\"user\":\"" + USERS[random.nextInt(USERS.length)] + "\"}";
  }

  private String access(boolean error) {
    int status = error ? 500 + random.nextInt(4) : random.nextInt(15) == 0 ? 404 : 200;
    return "10.0." + random.nextInt(255) + "." + random.nextInt(255) + " - - \"GET " + PATHS[random.nextInt(PATHS.length)]
        + " HTTP/1.1\" " + status + " " + random.nextInt(40000) + " \"-\" \"Mozilla/5.0\" rt=0." + random.nextInt(999);
  }

  private List<String> java(DemoPod pod, boolean error) {
    if (!error) {
      return List.of((random.nextInt(6) == 0 ? "WARN" : "INFO") + " [main] " + pod.container()
          + ": processed batch " + random.nextInt(100000) + " in " + random.nextInt(300) + " ms");
    }
    List<String> lines = new ArrayList<>();
    lines.add("ERROR [worker-" + random.nextInt(8) + "] " + pod.container() + ": payment authorization failed");
    lines.add("java.lang.IllegalStateException: card processor answered 503");
    lines.add("\tat dev.demo.payments.Processor.authorize(Processor.java:" + (40 + random.nextInt(200)) + ")");
    lines.add("\tat dev.demo.payments.CheckoutService.pay(CheckoutService.java:88)");
    lines.add("\tat java.base/java.lang.Thread.run(Thread.java:840)");
    return lines;
  }

  private String klog(boolean error) {
    char level = error ? 'E' : random.nextInt(8) == 0 ? 'W' : 'I';
    return level + "1123 12:00:00.000000       1 sync.go:" + (100 + random.nextInt(200)) + "] "
        + (error ? "failed to sync shard " + random.nextInt(64) + ": connection refused" : "synced shard " + random.nextInt(64));
  }

  private String hex(int n) {
    StringBuilder s = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      s.append(Character.forDigit(random.nextInt(16), 16));
    }
    return s.toString();
  }
}
