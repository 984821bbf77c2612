package dev.trawl.collector.kube;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trawl.kube.KubeClients;
import dev.trawl.testing.Await;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The production informer code against recorded API answers: a pod list, a watch with ADDED,
 * MODIFIED, DELETED and a BOOKMARK that is then dropped, a watch that answers 410 Gone, and the
 * relist after it.
 */
class KubePodCacheTest {
  static final String PODS = "/api/v1/pods";
  static final String NAMESPACES = "/api/v1/namespaces";
  static final String REPLICA_SETS = "/apis/apps/v1/replicasets";
  static final String JOBS = "/apis/batch/v1/jobs";
  static final String CART = "2b8e4a55-7c1d-4b7e-8f41-0d9c2a6e1f3b";
  static final String REPORT = "7a1c9e20-5b3d-4f6a-8c2e-1d0f9b8a7c6e";
  static final String API_SERVER_MIRROR_HASH = "5f3c2a1b0e9d8c7b6a5f4e3d2c1b0a99";
  static final String NOISY = "9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a";
  static final String WEB = "4e5f6a7b-8c9d-4e0f-9a1b-2c3d4e5f6a7b";
  static final String LATE = "6a7b8c9d-0e1f-4a2b-8c3d-4e5f6a7b8c9d";

  /** The cluster before any change: one list per resource, watches that stay quiet. */
  static RecordedApi quietCluster() {
    return new RecordedApi().lists(PODS, "pods-list-1.json").lists(NAMESPACES, "namespaces-list.json")
        .lists(REPLICA_SETS, "replicasets-list.json").lists(JOBS, "jobs-list.json");
  }

  @Test
  void followsListWatchBookmarkAndRelistAfter410WithoutLosingTheCache() throws Exception {
    AtomicReference<PodMetadata> cartWhenRelisting = new AtomicReference<>();
    try (RecordedApi api = quietCluster().lists(PODS, "pods-list-2.json")
            .watch(PODS, "pods-watch-1.ndjson", true).watch(PODS, "pods-watch-2.ndjson", true);
        KubernetesClient client = KubeClients.create(api.url());
        KubePodCache cache = new KubePodCache(client, "node-1", List.of("prometheus.io/scrape"), Duration.ofMinutes(5),
            Duration.ofSeconds(30))) {
      api.onRequest(r -> {
        if (r.resource().equals(PODS) && !r.watch() && api.count(PODS, false) == 2) {
          cartWhenRelisting.set(cache.pod(CART));
        }
      });
      cache.start();
      Await.until("the relisted pod, and the watch after the relist", Duration.ofSeconds(20),
          () -> cache.pod(LATE) != null && api.count(PODS, true) == 3);

      List<RecordedApi.Request> podRequests = api.requests().stream().filter(r -> r.resource().equals(PODS)).toList();
      assertEquals(List.of(false, true, true, false, true), podRequests.stream().map(RecordedApi.Request::watch).toList(),
          "list, watch, watch again after the drop, list after 410, watch");
      podRequests.forEach(r -> assertEquals("spec.nodeName=node-1", r.query().get("fieldSelector"), "only this node's pods"));
      assertEquals("true", podRequests.get(1).query().get("allowWatchBookmarks"));
      assertEquals("1000", podRequests.get(1).query().get("resourceVersion"));
      assertEquals("1500", podRequests.get(2).query().get("resourceVersion"), "the dropped watch resumes at the bookmark");
      assertEquals("2000", podRequests.get(4).query().get("resourceVersion"));

      PodMetadata cart = cache.pod(CART);
      assertNotNull(cartWhenRelisting.get(), "the cache answers while relisting");
      assertEquals("1.8.3", cart.labels().get("app.kubernetes.io/version"), "MODIFIED applied");
      assertEquals("9".repeat(64), cart.containers().get("envoy").id(), "the restarted container's new id");
      assertSame(cartWhenRelisting.get(), cart, "an unchanged pod keeps its metadata through a relist");
      assertEquals(Map.of("deployment", "cart"), cart.workloads());
      assertEquals(Map.of("prometheus.io/scrape", "true"), cart.annotations());
      assertEquals("java", cart.multiline());

      assertEquals(Map.of("deployment", "frontend"), cache.pod(WEB).workloads(),
          "named by the ReplicaSet's owner: the pod has no pod-template-hash to guess from");
      assertEquals("json", cache.pod(WEB).parser());
      assertEquals(Map.of("job", "report-28869120", "cronjob", "report"), cache.pod(REPORT).workloads(),
          "deleted, still there for its last lines; its CronJob named through the Job");
      assertTrue(cache.pod(NOISY).excluded(), "gone from the relist, kept for the grace period");
      PodMetadata apiServer = cache.pod(API_SERVER_MIRROR_HASH);
      assertEquals("kube-apiserver-node-1", apiServer.name(), "a static pod is found under its log directory's hash");
      assertEquals("commerce", cache.namespaceLabels("shop").get("team"));
      assertEquals(6, cache.size());
      assertTrue(cache.synced());
      for (String resource : List.of(NAMESPACES, REPLICA_SETS, JOBS)) {
        assertEquals(1, api.count(resource, false), resource + " listed once");
        assertEquals(1, api.count(resource, true), resource + " watched once");
      }
    }
  }

  @Test
  void aDeletedPodIsForgottenAfterItsGracePeriod() throws Exception {
    // a relist (the informer makes one whenever its watch breaks) answers what the cluster holds
    // after the watch's events, without the deleted pod: the first list again would bring it back
    try (RecordedApi api = quietCluster().lists(PODS, "pods-list-2.json").watch(PODS, "pods-watch-1.ndjson", false);
        KubernetesClient client = KubeClients.create(api.url());
        KubePodCache cache = new KubePodCache(client, "node-1", List.of(), Duration.ofMillis(100),
            Duration.ofSeconds(30))) {
      cache.start();
      Await.until("the watch's new pod", Duration.ofSeconds(20), () -> cache.pod(WEB) != null);
      Await.until("the deleted pod forgotten", Duration.ofSeconds(20), () -> cache.pod(REPORT) == null);
      assertNotNull(cache.pod(CART));
      assertNull(cache.pod(REPORT));
    }
  }

  @Test
  void whenTheFirstListsAreInTheirObjectsAreInTheCacheHoweverLateTheHandlersRun() throws Exception {
    // An informer's first list completes before its handlers see the objects: here they see them a second later.
    ScheduledExecutorService later = Executors.newSingleThreadScheduledExecutor();
    Executor aSecondLate = task -> later.schedule(task, 1, TimeUnit.SECONDS);
    try (RecordedApi api = quietCluster();
        KubernetesClient client = new KubernetesClientBuilder()
            .withConfig(new ConfigBuilder().withMasterUrl(api.url()).build()).withTaskExecutor(aSecondLate).build();
        KubePodCache cache = new KubePodCache(client, "node-1", List.of(), Duration.ofMinutes(5), Duration.ofSeconds(30))) {
      cache.start();
      Await.until("the first lists in", Duration.ofSeconds(20), () -> !cache.firstListPending());
      assertNotNull(cache.pod(REPORT), "a listed pod known when the wait for the lists ends");
      assertEquals(Map.of("job", "report-28869120", "cronjob", "report"), cache.pod(REPORT).workloads(),
          "the Job's CronJob known before the pod's lines go");
      assertEquals(Map.of("deployment", "cart"), cache.pod(CART).workloads());
      assertEquals("commerce", cache.namespaceLabels("shop").get("team"));
    } finally {
      later.shutdownNow();
    }
  }
}
