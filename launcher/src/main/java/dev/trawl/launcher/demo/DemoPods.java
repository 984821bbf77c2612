package dev.trawl.launcher.demo;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/** The demo's workload: a dozen pods in four namespaces, reproducible from a seed. */
public final class DemoPods {
  public static final List<String> NAMESPACES = List.of("shop", "web", "data", "batch");

  private DemoPods() {}

  public static List<DemoPod> create(long seed) {
    Random random = new Random(seed);
    List<DemoPod> pods = new ArrayList<>();
    add(pods, random, "shop", "cart", "ReplicaSet", 2, "ghcr.io/demo/cart:1.8.2", DemoPod.LogStyle.JSON, 12);
    add(pods, random, "shop", "checkout", "ReplicaSet", 1, "ghcr.io/demo/checkout:2.1.0", DemoPod.LogStyle.JSON, 8);
    add(pods, random, "shop", "payments", "ReplicaSet", 1, "ghcr.io/demo/payments:4.0.1", DemoPod.LogStyle.JAVA, 6);
    add(pods, random, "web", "frontend", "ReplicaSet", 2, "nginx:1.27", DemoPod.LogStyle.ACCESS, 15);
    add(pods, random, "web", "gateway", "ReplicaSet", 1, "envoyproxy/envoy:v1.31", DemoPod.LogStyle.ACCESS, 10);
    add(pods, random, "data", "postgres", "StatefulSet", 1, "postgres:16", DemoPod.LogStyle.JAVA, 3);
    add(pods, random, "data", "redis", "StatefulSet", 1, "redis:7.4", DemoPod.LogStyle.KLOG, 4);
    add(pods, random, "batch", "report", "Job", 1, "ghcr.io/demo/report:0.9", DemoPod.LogStyle.JSON, 5);
    add(pods, random, "batch", "node-agent", "DaemonSet", 1, "ghcr.io/demo/agent:3.3", DemoPod.LogStyle.KLOG, 4);
    add(pods, random, "batch", "indexer-sync", "Job", 1, "ghcr.io/demo/sync:1.0", DemoPod.LogStyle.JAVA, 3);
    return pods;
  }

  private static void add(List<DemoPod> pods, Random random, String ns, String app, String ownerKind, int replicas,
      String image, DemoPod.LogStyle style, int rate) {
    String hash = Long.toHexString(random.nextLong() & 0xffffffffffL).substring(0, 9);
    for (int i = 0; i < replicas; i++) {
      String name = switch (ownerKind) {
        case "ReplicaSet" -> app + "-" + hash + "-" + suffix(random);
        case "StatefulSet" -> app + "-" + i;
        case "Job" -> app + "-29" + (100000 + random.nextInt(899999)) + "-" + suffix(random);
        default -> app + "-" + suffix(random);
      };
      String owner = switch (ownerKind) {
        case "ReplicaSet" -> app + "-" + hash;
        case "Job" -> name.substring(0, name.lastIndexOf('-'));
        default -> app;
      };
      Map<String, String> labels = new HashMap<>();
      labels.put("app", app);
      labels.put("app.kubernetes.io/name", app);
      labels.put("app.kubernetes.io/part-of", ns);
      if (ownerKind.equals("ReplicaSet")) {
        labels.put("pod-template-hash", hash);
      }
      byte[] id = new byte[32];
      random.nextBytes(id);
      StringBuilder containerId = new StringBuilder();
      for (byte b : id) {
        containerId.append(String.format("%02x", b));
      }
      pods.add(new DemoPod(ns, name, new UUID(random.nextLong(), random.nextLong()).toString(), app,
          containerId.toString(), image, "10.244.0." + (10 + pods.size()), Map.copyOf(labels), ownerKind, owner,
          style, rate));
    }
  }

  private static String suffix(Random random) {
    String chars = "bcdfghjklmnpqrstvwxz2456789";
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < 5; i++) {
      s.append(chars.charAt(random.nextInt(chars.length())));
    }
    return s.toString();
  }
}
