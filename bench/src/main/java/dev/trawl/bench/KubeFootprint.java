package dev.trawl.bench;

import dev.trawl.collector.kube.KubePodCache;
import dev.trawl.kube.KubeClients;
import dev.trawl.launcher.demo.DemoPods;
import dev.trawl.launcher.demo.StandInApi;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.InputStream;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Heap the collector's pod cache holds: N pods on the node (default 1,000, for a precise
 * difference; a node runs at most ~110), each with its own ReplicaSet in the cluster-wide store,
 * made from a realistic pod and ReplicaSet as the API serves them (managed fields, full specs,
 * last-applied annotation), served by the demo's stand-in API (list and watch) in this JVM. The cache's heap is the
 * difference of heap used after full collections before and after it synced. The baseline, in the
 * same run: fabric8 informers on the same resources with their default stores, which keep whole
 * objects. Each is measured after a warm-up round, twice, the smaller kept. Run it with
 * {@code TRAWL_JAVA_OPTS=-XX:+UseSerialGC} so that heap used after a collection is exact.
 * Arguments: pods (default 1000).
 */
public final class KubeFootprint {
  private static final String NODE = "bench-node";

  private KubeFootprint() {}

  public static void main(String[] args) throws Exception {
    int count = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    try (StandInApi api = new StandInApi(NODE, List.of()); KubernetesClient client = KubeClients.create(api.url())) {
      Pod podTemplate = template("pod.json", Pod.class);
      ReplicaSet replicaSetTemplate = template("replicaset.json", ReplicaSet.class);
      for (int i = 0; i < count; i++) {
        String ns = DemoPods.NAMESPACES.get(i % DemoPods.NAMESPACES.size());
        String app = "app" + i;
        ReplicaSet replicaSet = Serialization.clone(replicaSetTemplate);
        replicaSet.getMetadata().setNamespace(ns);
        replicaSet.getMetadata().setName(app + "-7d4b9c8f5");
        replicaSet.getMetadata().setUid(new UUID(12, i).toString());
        replicaSet.getMetadata().getOwnerReferences().get(0).setName(app);
        client.apps().replicaSets().inNamespace(ns).resource(replicaSet).create();
        Pod pod = Serialization.clone(podTemplate);
        pod.getMetadata().setNamespace(ns);
        pod.getMetadata().setName(app + "-7d4b9c8f5-x" + i);
        pod.getMetadata().setUid(new UUID(11, i).toString());
        pod.getMetadata().getLabels().put("app.kubernetes.io/name", app);
        pod.getMetadata().getOwnerReferences().get(0).setName(app + "-7d4b9c8f5");
        pod.getSpec().setNodeName(NODE);
        pod.getStatus().setPodIP("10.244." + i / 250 + "." + i % 250);
        client.pods().inNamespace(ns).resource(pod).create();
      }
      // The first round of each loads classes and fills the client's caches; the next two count.
      long cacheBytes = Long.MAX_VALUE;
      long plainBytes = Long.MAX_VALUE;
      for (int round = 0; round < 3; round++) {
        long cache = held(() -> {
          KubePodCache podCache = new KubePodCache(client, NODE, List.of(), java.time.Duration.ofMinutes(5),
              java.time.Duration.ofSeconds(30));
          podCache.start();
          await(() -> podCache.synced() && podCache.size() == count);
          return podCache::close;
        });
        long plain = held(() -> {
          List<SharedIndexInformer<?>> informers = List.of(
              client.pods().inAnyNamespace().withField("spec.nodeName", NODE).inform(),
              client.namespaces().inform(), client.apps().replicaSets().inAnyNamespace().inform(),
              client.batch().v1().jobs().inAnyNamespace().inform());
          await(() -> informers.stream().allMatch(SharedIndexInformer::hasSynced)
              && informers.get(0).getStore().list().size() == count);
          return () -> informers.forEach(SharedIndexInformer::close);
        });
        if (round > 0) {
          cacheBytes = Math.min(cacheBytes, cache);
          plainBytes = Math.min(plainBytes, plain);
        }
      }
      System.out.println("pods " + count);
      System.out.printf("pod_cache_kib_per_100_pods %.1f%n", cacheBytes * 100.0 / count / 1024);
      System.out.printf("plain_informers_kib_per_100_pods %.1f%n", plainBytes * 100.0 / count / 1024);
      System.out.printf("pod_cache_vs_plain_informers %.2f%n", (double) cacheBytes / plainBytes);
    }
  }

  /** Something that holds memory until it is closed, once it is ready. */
  private interface Holder {
    AutoCloseable start() throws Exception;
  }

  /** Heap the holder keeps once ready: used after full collections, with it minus without it. */
  private static long held(Holder holder) throws Exception {
    long before = heapUsedAfterGc();
    AutoCloseable running = holder.start();
    long bytes = heapUsedAfterGc() - before;
    running.close();
    return bytes;
  }

  private static <T> T template(String name, Class<T> type) throws Exception {
    try (InputStream in = KubeFootprint.class.getResourceAsStream("/kube/" + name)) {
      return Serialization.unmarshal(in, type);
    }
  }

  private static void await(BooleanSupplier done) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (!done.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("informers did not sync in 2 minutes");
      }
      Thread.sleep(20);
    }
  }

  private static long heapUsedAfterGc() throws InterruptedException {
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 4; i++) {
      System.gc();
      Thread.sleep(100);
      used = Math.min(used, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
    }
    return used;
  }
}
