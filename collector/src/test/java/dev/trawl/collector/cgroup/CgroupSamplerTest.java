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
  @TempDir Path sysDevBlock;

  /** cgroup v2 files of one cgroup. */
  private static void unified(Path dir, long usageUsec, long memoryCurrent, long inactiveFile, long anon) throws IOException {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("cpu.stat"), "usage_usec " + usageUsec + "\nuser_usec " + usageUsec * 3 / 4
        + "\nsystem_usec " + usageUsec / 4 + "\nnr_periods 1000\nnr_throttled 25\nthrottled_usec 1500000\n"
        + "nr_bursts 0\nburst_usec 0\n");
    Files.writeString(dir.resolve("memory.current"), memoryCurrent + "\n");
    Files.writeString(dir.resolve("memory.stat"), "anon " + anon + "\nfile 4096000\nkernel 1200000\ninactive_file "
        + inactiveFile + "\nactive_file 1000\nsock 0\n");
    Files.writeString(dir.resolve("memory.events"), "low 0\nhigh 0\nmax 4\noom 2\noom_kill 1\noom_group_kill 0\n");
    Files.writeString(dir.resolve("pids.current"), "7\n");
    Files.writeString(dir.resolve("io.stat"), "8:0 rbytes=1048576 wbytes=4096 rios=16 wios=1 dbytes=0 dios=0\n"
        + "259:3 rbytes=512 wbytes=0 rios=1 wios=0 dbytes=0 dios=0\n");
  }

  private static PodMetadata pod(String uid, String ns, String name, String container, String id) {
    return new PodMetadata(uid, ns, name, null, Map.of(), Map.of(), Map.of(),
        Map.of(container, new PodMetadata.ContainerInfo(id, "img", "containerd")), false, null, null);
  }

  private static String labels(String ns, String pod, String container) {
    return "{namespace=\"" + ns + "\",pod=\"" + pod + "\",container=\"" + container + "\",node=\"node-1\",}";
  }

  private static void assertSample(String scrape, String series, String labels, String value) {
    assertTrue(scrape.contains(series + labels + " " + value), series + labels + " " + value + " in:\n" + scrape);
  }

  @Test
  void readsCgroupV2UnderBothDriversWithKubeletsWorkingSet() throws Exception {
    Path podA = root.resolve("kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod" + UID_A.replace('-', '_') + ".slice");
    unified(podA, 2_600_000, 310_000_000, 100_000_000, 150_000_000);
    unified(podA.resolve("cri-containerd-" + ID_A + ".scope"), 2_500_000, 300_000_000, 100_000_000, 150_000_000);
    Path podB = root.resolve("kubepods/besteffort/pod" + UID_B);
    unified(podB, 500_000, 50_000_000, 60_000_000, 10_000_000);
    unified(podB.resolve(ID_B), 500_000, 50_000_000, 60_000_000, 10_000_000);
    unified(podB.resolve("c".repeat(64)), 10_000, 1_000_000, 0, 500_000); // the sandbox: not in the pod status
    Files.createDirectories(sysDevBlock.resolve("8:0"));
    Files.writeString(sysDevBlock.resolve("8:0/uevent"), "MAJOR=8\nMINOR=0\nDEVNAME=sda\nDEVTYPE=disk\n");
    Map<String, PodMetadata> pods = new HashMap<>();
    pods.put(UID_A, pod(UID_A, "shop", "cart-1", "cart", ID_A));
    pods.put(UID_B, pod(UID_B, "web", "nginx-1", "nginx", ID_B));
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    try (NodeQueue queue = new NodeQueue(root.resolveSibling(root.getFileName() + "-queue"), 1 << 20, registry);
        CgroupSampler sampler = new CgroupSampler(root, sysDevBlock, PodCache.of(pods), "node-1", Duration.ofSeconds(10), queue, registry)) {
      sampler.sample();
      String text = registry.scrape();
      String cart = labels("shop", "cart-1", "cart");
      String nginx = labels("web", "nginx-1", "nginx");
      assertSample(text, "container_cpu_usage_seconds_total", cart, "2.5");
      assertSample(text, "container_cpu_user_seconds_total", cart, "1.875");
      assertSample(text, "container_cpu_system_seconds_total", cart, "0.625");
      // working set = usage - inactive_file = 300e6 - 100e6
      assertSample(text, "container_memory_working_set_bytes", cart, "2.0E8");
      // inactive_file above usage clamps to zero, as the kubelet does
      assertSample(text, "container_memory_working_set_bytes", nginx, "0.0");
      assertSample(text, "container_cpu_cfs_throttled_seconds_total", cart, "1.5");
      assertSample(text, "container_cpu_cfs_throttled_periods_total", cart, "25.0");
      assertSample(text, "container_cpu_cfs_periods_total", cart, "1000.0");
      assertSample(text, "container_memory_rss", nginx, "1.0E7");
      assertSample(text, "container_memory_cache", nginx, "4096000.0");
      assertSample(text, "container_memory_usage_bytes", nginx, "5.0E7");
      assertSample(text, "container_oom_events_total", cart, "1.0");
      assertSample(text, "container_threads", cart, "7.0");
      String cartSda = cart.replace(",}", ",device=\"/dev/sda\",}");
      assertSample(text, "container_fs_reads_bytes_total", cartSda, "1048576.0");
      assertSample(text, "container_fs_writes_bytes_total", cartSda, "4096.0");
      assertSample(text, "container_fs_reads_total", cartSda, "16.0");
      assertSample(text, "container_fs_writes_total", cartSda, "1.0");
      // a device sysfs does not name keeps its numbers
      assertSample(text, "container_fs_reads_bytes_total", cart.replace(",}", ",device=\"259:3\",}"), "512.0");
      // the pod's own cgroup, with an empty container as cAdvisor has it
      assertSample(text, "container_cpu_usage_seconds_total", labels("shop", "cart-1", ""), "2.6");
      assertEquals(2, text.lines().filter(l -> l.startsWith("container_cpu_usage_seconds_total{namespace=\"web\"")).count(),
          "the pod and its container; the sandbox has no series");

      List<JsonNode> docs = new ArrayList<>();
      try (NodeQueue.Reader reader = queue.reader()) {
        for (QueuedDocument d = reader.next(); d != null; d = reader.next()) {
          assertEquals(Stream.METRICS, d.stream());
          docs.add(JSON.readTree(d.source()));
        }
      }
      assertEquals(4 * Series.ALL.size(), docs.size(), "one document per pod and container per series");
      JsonNode cpu = find(docs, "container_cpu_usage_seconds_total", "cart-1", "cart");
      assertEquals(2.5, cpu.at("/metric/value").asDouble());
      assertEquals("seconds", cpu.at("/metric/unit").asText());
      assertEquals("shop", cpu.at("/kubernetes/namespace").asText());
      assertEquals(1048576.0 + 512, find(docs, "container_fs_reads_bytes_total", "cart-1", "cart").at("/metric/value").asDouble(),
          "documents sum the devices");
      JsonNode podCpu = find(docs, "container_cpu_usage_seconds_total", "cart-1", null);
      assertEquals(2.6, podCpu.at("/metric/value").asDouble());
      assertTrue(podCpu.at("/kubernetes/container").isMissingNode(), "a pod's document names no container");
      assertEquals(4.0 * Series.ALL.size(), registry.counter("trawl.collector.metric.documents", "outcome", "queued").count());

      pods.remove(UID_B);
      sampler.sample();
      assertFalse(registry.scrape().contains("pod=\"nginx-1\""), "a container that went away leaves no series");
    }
  }

  private static JsonNode find(List<JsonNode> docs, String series, String pod, String container) {
    for (JsonNode doc : docs) {
      JsonNode name = doc.at("/kubernetes/container/name");
      if (doc.at("/metric/name").asText().equals(series) && doc.at("/kubernetes/pod/name").asText().equals(pod)
          && (container == null ? name.isMissingNode() : name.asText().equals(container))) {
        return doc;
      }
    }
    throw new AssertionError("no document " + series + " " + pod + "/" + container);
  }

  /** cgroup v1 files of one cgroup, in each controller's hierarchy. */
  private void legacy(String relative, String cpuHierarchy, long usageNanos) throws IOException {
    Path acct = Files.createDirectories(root.resolve(cpuHierarchy).resolve(relative));
    Files.writeString(acct.resolve("cpuacct.usage"), usageNanos + "\n");
    Files.writeString(acct.resolve("cpuacct.stat"), "user 180\nsystem 70\n");
    Files.writeString(acct.resolve("cpu.stat"), "nr_periods 1000\nnr_throttled 25\nthrottled_time 1500000000\n");
    Path mem = Files.createDirectories(root.resolve("memory").resolve(relative));
    Files.writeString(mem.resolve("memory.usage_in_bytes"), "300000000\n");
    // the container's own keys differ from the hierarchical total_* ones, which are what counts
    Files.writeString(mem.resolve("memory.stat"), "cache 1\nrss 1\ninactive_file 1\ntotal_cache 120000000\n"
        + "total_rss 150000000\ntotal_inactive_file 100000000\ntotal_active_file 20000000\n");
    Files.writeString(mem.resolve("memory.oom_control"), "oom_kill_disable 0\nunder_oom 0\noom_kill 2\n");
    Path blkio = Files.createDirectories(root.resolve("blkio").resolve(relative));
    // without CFQ/BFQ the recursive service files list no device, only a total
    Files.writeString(blkio.resolve("blkio.io_service_bytes_recursive"), "Total 0\n");
    Files.writeString(blkio.resolve("blkio.throttle.io_service_bytes"), "8:0 Read 8192\n8:0 Write 2048\n8:0 Sync 0\n"
        + "8:0 Async 10240\n8:0 Discard 0\n8:0 Total 10240\nTotal 10240\n");
    Files.writeString(blkio.resolve("blkio.throttle.io_serviced"), "8:0 Read 2\n8:0 Write 1\n8:0 Sync 0\n"
        + "8:0 Async 3\n8:0 Discard 0\n8:0 Total 3\nTotal 3\n");
    Path pids = Files.createDirectories(root.resolve("pids").resolve(relative));
    Files.writeString(pids.resolve("pids.current"), "12\n");
  }

  @Test
  void readsCgroupV1HierarchiesUnderBothDriversForDockerAndCrio() throws Exception {
    legacy("kubepods/burstable/pod" + UID_A, "cpu,cpuacct", 2_600_000_000L);
    legacy("kubepods/burstable/pod" + UID_A + "/docker-" + ID_A + ".scope", "cpu,cpuacct", 2_500_000_000L);
    String podB = "kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod" + UID_B.replace('-', '_') + ".slice";
    legacy(podB, "cpu,cpuacct", 600_000_000L);
    legacy(podB + "/crio-" + ID_B + ".scope", "cpu,cpuacct", 500_000_000L);
    Map<String, PodMetadata> pods = new HashMap<>();
    pods.put(UID_A, pod(UID_A, "shop", "cart-1", "cart", ID_A));
    pods.put(UID_B, pod(UID_B, "web", "nginx-1", "nginx", ID_B));
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    try (CgroupSampler sampler = new CgroupSampler(root, sysDevBlock, PodCache.of(pods), "node-1", Duration.ofSeconds(10), null, registry)) {
      sampler.sample();
      String text = registry.scrape();
      String cart = labels("shop", "cart-1", "cart");
      String nginx = labels("web", "nginx-1", "nginx");
      assertSample(text, "container_cpu_usage_seconds_total", cart, "2.5");
      assertSample(text, "container_cpu_usage_seconds_total", nginx, "0.5");
      // cpuacct.stat counts USER_HZ ticks: 180 / 100 and 70 / 100
      assertSample(text, "container_cpu_user_seconds_total", cart, "1.8");
      assertSample(text, "container_cpu_system_seconds_total", cart, "0.7");
      assertSample(text, "container_cpu_cfs_throttled_seconds_total", nginx, "1.5");
      assertSample(text, "container_memory_working_set_bytes", cart, "2.0E8");
      assertSample(text, "container_memory_rss", cart, "1.5E8");
      assertSample(text, "container_memory_cache", cart, "1.2E8");
      assertSample(text, "container_oom_events_total", nginx, "2.0");
      assertSample(text, "container_threads", nginx, "12.0");
      String cart80 = cart.replace(",}", ",device=\"8:0\",}");
      assertSample(text, "container_fs_reads_bytes_total", cart80, "8192.0");
      assertSample(text, "container_fs_writes_bytes_total", cart80, "2048.0");
      assertSample(text, "container_fs_reads_total", cart80, "2.0");
      assertSample(text, "container_fs_writes_total", cart80, "1.0");
      assertSample(text, "container_cpu_usage_seconds_total", labels("web", "nginx-1", ""), "0.6");
      assertEquals(0.0, registry.counter("trawl.collector.cgroup.read.failures").count(), "every cgroup was read");
    }
  }

  @Test
  void samplesAreDroppedAndCountedWhileTheQueueIsFull() throws Exception {
    unified(root.resolve("kubepods/pod" + UID_B + "/" + ID_B), 1, 1, 0, 1);
    PodCache cache = PodCache.of(Map.of(UID_B, pod(UID_B, "web", "nginx-1", "nginx", ID_B)));
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    try (NodeQueue queue = new NodeQueue(root.resolveSibling(root.getFileName() + "-small"), 1, registry);
        CgroupSampler sampler = new CgroupSampler(root, sysDevBlock, cache, "node-1", Duration.ofSeconds(10), queue, registry)) {
      sampler.sample();
      assertEquals(1.0, registry.counter("trawl.collector.metric.documents", "outcome", "queued").count(),
          "the first sample fills the one-byte queue");
      assertEquals(Series.ALL.size() - 1.0, registry.counter("trawl.collector.metric.documents", "outcome", "dropped").count());
    }
  }
}
