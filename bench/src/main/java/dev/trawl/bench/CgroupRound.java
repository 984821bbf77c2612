package dev.trawl.bench;

import dev.trawl.collector.cgroup.CgroupSampler;
import dev.trawl.collector.kube.PodCache;
import dev.trawl.collector.kube.PodMetadata;
import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The CPU one cgroup sampling round costs for N containers (default 100, one per pod), for a
 * cgroup v2 tree (systemd driver) and a v1 tree (cgroupfs driver) of the kubelet's layout with
 * every file the sampler reads, page cache warm: each round walks the tree, reads every pod's
 * and container's files and renders the {@code /metrics} text. Median and p95 thread CPU time over
 * 200 rounds after 50 warm-up rounds. Arguments: containers (default 100).
 */
public final class CgroupRound {
  private static final int WARMUP = 50;
  private static final int ROUNDS = 200;

  private CgroupRound() {}

  public static void main(String[] args) throws Exception {
    int containers = args.length > 0 ? Integer.parseInt(args[0]) : 100;
    Path dir = Files.createTempDirectory("trawl-bench-cgroup-");
    try {
      Map<String, PodMetadata> pods = new HashMap<>();
      Path v2 = dir.resolve("v2");
      Path v1 = dir.resolve("v1");
      for (int i = 0; i < containers; i++) {
        String uid = new UUID(7, i).toString();
        String id = String.format("%064x", i + 1);
        pods.put(uid, new PodMetadata(uid, "ns-" + i % 10, "pod-" + i, null, Map.of(), Map.of(), Map.of(),
            Map.of("app", new PodMetadata.ContainerInfo(id, "img", "containerd")), false, null, null));
        Path pod = v2.resolve("kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod" + uid.replace('-', '_') + ".slice");
        unified(pod);
        unified(pod.resolve("cri-containerd-" + id + ".scope"));
        String relative = "kubepods/burstable/pod" + uid;
        legacy(v1, relative);
        legacy(v1, relative + "/" + id);
      }
      PodCache cache = PodCache.of(pods);
      print("cgroup_v2", measure(v2, dir, cache));
      print("cgroup_v1", measure(v1, dir, cache));
      System.out.println("containers " + containers);
    } finally {
      BenchSupport.delete(dir);
    }
  }

  private static void print(String name, long[] nanos) {
    System.out.printf("%s_round_cpu_ms_p50 %.2f%n", name, nanos[nanos.length / 2] / 1e6);
    System.out.printf("%s_round_cpu_ms_p95 %.2f%n", name, nanos[nanos.length * 95 / 100] / 1e6);
  }

  /** Thread CPU time of each round, sorted: a round is a sample and a scrape of what it found. */
  private static long[] measure(Path root, Path dir, PodCache cache) {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    try (CgroupSampler sampler = new CgroupSampler(root, dir.resolve("no-sysfs"), cache, "node-1", Duration.ofSeconds(10),
        null, registry)) {
      long[] nanos = new long[ROUNDS];
      for (int i = -WARMUP; i < ROUNDS; i++) {
        long start = threads.getCurrentThreadCpuTime();
        sampler.sample();
        if (registry.scrape().isEmpty()) {
          throw new IllegalStateException("nothing sampled under " + root);
        }
        if (i >= 0) {
          nanos[i] = threads.getCurrentThreadCpuTime() - start;
        }
      }
      Arrays.sort(nanos);
      return nanos;
    }
  }

  private static void unified(Path dir) throws IOException {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("cpu.stat"), "usage_usec 2500000\nuser_usec 1875000\nsystem_usec 625000\n"
        + "core_sched.force_idle_usec 0\nnr_periods 1000\nnr_throttled 25\nthrottled_usec 1500000\nnr_bursts 0\nburst_usec 0\n");
    Files.writeString(dir.resolve("memory.current"), "300000000\n");
    StringBuilder stat = new StringBuilder("anon 150000000\nfile 120000000\nkernel 4000000\ninactive_file 100000000\n");
    // memory.stat has about forty keys on a current kernel
    for (int k = 0; k < 36; k++) {
      stat.append("key_").append(k).append(' ').append(k * 4096).append('\n');
    }
    Files.writeString(dir.resolve("memory.stat"), stat);
    Files.writeString(dir.resolve("memory.events"), "low 0\nhigh 0\nmax 0\noom 0\noom_kill 0\noom_group_kill 0\n");
    Files.writeString(dir.resolve("pids.current"), "12\n");
    Files.writeString(dir.resolve("io.stat"), "8:0 rbytes=1048576 wbytes=4096 rios=16 wios=1 dbytes=0 dios=0\n");
  }

  private static void legacy(Path root, String relative) throws IOException {
    Path acct = Files.createDirectories(root.resolve("cpu,cpuacct").resolve(relative));
    Files.writeString(acct.resolve("cpuacct.usage"), "2500000000\n");
    Files.writeString(acct.resolve("cpuacct.stat"), "user 180\nsystem 70\n");
    Files.writeString(acct.resolve("cpu.stat"), "nr_periods 1000\nnr_throttled 25\nthrottled_time 1500000000\n");
    Path mem = Files.createDirectories(root.resolve("memory").resolve(relative));
    Files.writeString(mem.resolve("memory.usage_in_bytes"), "300000000\n");
    StringBuilder stat = new StringBuilder();
    for (String key : new String[] {"cache", "rss", "rss_huge", "shmem", "mapped_file", "dirty", "writeback", "pgpgin",
        "pgpgout", "pgfault", "pgmajfault", "inactive_anon", "active_anon", "inactive_file", "active_file", "unevictable"}) {
      stat.append(key).append(" 4096\n").append("total_").append(key).append(" 100000000\n");
    }
    Files.writeString(mem.resolve("memory.stat"), stat);
    Files.writeString(mem.resolve("memory.oom_control"), "oom_kill_disable 0\nunder_oom 0\noom_kill 0\n");
    Path blkio = Files.createDirectories(root.resolve("blkio").resolve(relative));
    Files.writeString(blkio.resolve("blkio.io_service_bytes_recursive"), "Total 0\n");
    Files.writeString(blkio.resolve("blkio.throttle.io_service_bytes_recursive"), "8:0 Read 8192\n8:0 Write 2048\n"
        + "8:0 Sync 0\n8:0 Async 10240\n8:0 Discard 0\n8:0 Total 10240\nTotal 10240\n");
    Files.writeString(blkio.resolve("blkio.io_serviced_recursive"), "Total 0\n");
    Files.writeString(blkio.resolve("blkio.throttle.io_serviced_recursive"), "8:0 Read 2\n8:0 Write 1\n8:0 Sync 0\n"
        + "8:0 Async 3\n8:0 Discard 0\n8:0 Total 3\nTotal 3\n");
    Path pids = Files.createDirectories(root.resolve("pids").resolve(relative));
    Files.writeString(pids.resolve("pids.current"), "12\n");
  }
}
