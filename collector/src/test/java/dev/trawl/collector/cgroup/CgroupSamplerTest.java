package dev.trawl.collector.cgroup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trawl.collector.kube.PodCache;
import dev.trawl.collector.kube.PodMetadata;
import dev.trawl.collector.queue.NodeQueue;
import dev.trawl.collector.queue.QueuedDocument;
import dev.trawl.collector.queue.Stream;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CgroupSamplerTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String UID_A = "2b8e4a55-7c1d-4b7e-8f41-0d9c2a6e1f3b";
  private static final String UID_B = "0c1a6c5e-3f5e-4b8f-9d6a-1e2f3a4b5c6d";
  private static final String ID_A = "a".repeat(64);
  private static final String ID_B = "b".repeat(64);

  @TempDir Path root;

  private static void container(Path dir, long usageUsec, long memoryCurrent, long inactiveFile, long anon) throws IOException {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("cpu.stat"), "usage_usec " + usageUsec + "\nuser_usec " + usageUsec * 3 / 4
        + "\nsystem_usec " + usageUsec / 4 + "\nnr_periods 1000\nnr_throttled 25\nthrottled_usec 1500000\n");
    Files.writeString(dir.resolve("memory.current"), memoryCurrent + "\n");
    Files.writeString(dir.resolve("memory.stat"), "anon " + anon + "\nfile 4096000\ninactive_file " + inactiveFile
        + "\nactive_file 1000\nsock 0\n");
  }

  private static PodMetadata pod(String uid, String ns, String name, String container, String id) {
    return new PodMetadata(uid, ns, name, null, Map.of(), Map.of(), Map.of(),
        Map.of(container, new PodMetadata.ContainerInfo(id, "img", "containerd")), false, null, null);
  }

  @Test
  void readsSystemdAndCgroupfsLayoutsWithKubeletsWorkingSet() throws Exception {
    container(root.resolve("kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod" + UID_A.replace('-', '_')
        + ".slice/cri-containerd-" + ID_A + ".scope"), 2_500_000, 300_000_000, 100_000_000, 150_000_000);
    container(root.resolve("kubepods/besteffort/pod" + UID_B + "/" + ID_B), 500_000, 50_000_000, 60_000_000, 10_000_000);
    Map<String, PodMetadata> pods = new HashMap<>();
    pods.put(UID_A, pod(UID_A, "shop", "cart-1", "cart", ID_A));
    pods.put(UID_B, pod(UID_B, "web", "nginx-1", "nginx", ID_B));
    PodCache cache = new PodCache() {
      @Override
      public PodMetadata pod(String uid) {
        return pods.get(uid);
      }

      @Override
      public Map<String, String> namespaceLabels(String namespace) {
        return Map.of();
      }
    };
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    try (NodeQueue queue = new NodeQueue(root.resolveSibling(root.getFileName() + "-queue"), 1 << 20, registry);
        CgroupSampler sampler = new CgroupSampler(root, cache, "node-1", Duration.ofSeconds(10), queue, registry)) {
      sampler.sample();
      String text = registry.scrape();
      assertTrue(text.contains("container_cpu_usage_seconds_total{namespace=\"shop\",pod=\"cart-1\",container=\"cart\",node=\"node-1\",} 2.5"), text);
      // working set = usage - inactive_file = 300e6 - 100e6
      assertTrue(text.contains("container_memory_working_set_bytes{namespace=\"shop\",pod=\"cart-1\",container=\"cart\",node=\"node-1\",} 2.0E8"), text);
      // inactive_file above usage clamps to zero, as the kubelet does
      assertTrue(text.contains("container_memory_working_set_bytes{namespace=\"web\",pod=\"nginx-1\",container=\"nginx\",node=\"node-1\",} 0.0"), text);
      assertTrue(text.contains("container_cpu_cfs_throttled_seconds_total{namespace=\"shop\",pod=\"cart-1\",container=\"cart\",node=\"node-1\",} 1.5"), text);
      assertTrue(text.contains("container_memory_rss{namespace=\"web\",pod=\"nginx-1\",container=\"nginx\",node=\"node-1\",} 1.0E7"), text);
      assertTrue(text.contains("container_cpu_cfs_throttled_periods_total{namespace=\"shop\",pod=\"cart-1\",container=\"cart\",node=\"node-1\",} 25.0"), text);

      List<QueuedDocument> docs = new ArrayList<>();
      try (NodeQueue.Reader reader = queue.reader()) {
        for (QueuedDocument d = reader.next(); d != null; d = reader.next()) {
          docs.add(d);
        }
      }
      assertEquals(2 * 10, docs.size(), "one document per container per series");
      JsonNode cpu = null;
      for (QueuedDocument d : docs) {
        assertEquals(Stream.METRICS, d.stream());
        JsonNode doc = JSON.readTree(d.source());
        if (doc.at("/metric/name").asText().equals("container_cpu_usage_seconds_total")
            && doc.at("/kubernetes/pod/name").asText().equals("cart-1")) {
          cpu = doc;
        }
      }
      assertEquals(2.5, cpu.at("/metric/value").asDouble());
      assertEquals("seconds", cpu.at("/metric/unit").asText());
      assertEquals("shop", cpu.at("/kubernetes/namespace").asText());
      assertEquals("cart", cpu.at("/kubernetes/container/name").asText());
      assertEquals(20.0, registry.counter("trawl.collector.metric.documents", "outcome", "queued").count());

      pods.remove(UID_B);
      sampler.sample();
      assertFalse(registry.scrape().contains("pod=\"nginx-1\""), "a container that went away leaves no series");
    }
  }

  @Test
  void samplesAreDroppedAndCountedWhileTheQueueIsFull() throws Exception {
    container(root.resolve("kubepods/pod" + UID_B + "/" + ID_B), 1, 1, 0, 1);
    PodCache cache = new PodCache() {
      @Override
      public PodMetadata pod(String uid) {
        return UID_B.equals(uid) ? CgroupSamplerTest.pod(UID_B, "web", "nginx-1", "nginx", ID_B) : null;
      }

      @Override
      public Map<String, String> namespaceLabels(String namespace) {
        return Map.of();
      }
    };
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    try (NodeQueue queue = new NodeQueue(root.resolveSibling(root.getFileName() + "-small"), 1, registry);
        CgroupSampler sampler = new CgroupSampler(root, cache, "node-1", Duration.ofSeconds(10), queue, registry)) {
      sampler.sample();
      assertEquals(1.0, registry.counter("trawl.collector.metric.documents", "outcome", "queued").count(),
          "the first sample fills the one-byte queue");
      assertEquals(9.0, registry.counter("trawl.collector.metric.documents", "outcome", "dropped").count());
    }
  }
}
