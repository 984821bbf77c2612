package dev.trawl.launcher.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

/**
 * A cgroup v2 tree for the demo pods, as the kubelet's systemd driver lays it out
 * ({@code kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod<uid>.slice/cri-containerd-<id>.scope}),
 * with pod and container cgroups whose CPU, memory, pids and I/O files move on each
 * {@link #advance}.
 */
public final class CgroupTree {
  private final Path root;
  private final List<DemoPod> pods;
  private final long[] cpuMicros;
  private final Random random = new Random(3);

  public CgroupTree(Path root, List<DemoPod> pods) throws IOException {
    this.root = root;
    this.pods = pods;
    this.cpuMicros = new long[pods.size()];
    advance(0);
  }

  /** Moves the counters forward as if {@code seconds} passed. */
  public void advance(double seconds) throws IOException {
    for (int i = 0; i < pods.size(); i++) {
      DemoPod pod = pods.get(i);
      Path podDir = root.resolve("kubepods.slice/kubepods-burstable.slice")
          .resolve("kubepods-burstable-pod" + pod.uid().replace('-', '_') + ".slice");
      Path container = podDir.resolve("cri-containerd-" + pod.containerId() + ".scope");
      Files.createDirectories(container);
      double cores = 0.05 + 0.02 * pod.linesPerSecond() * (0.5 + random.nextDouble());
      cpuMicros[i] += (long) (seconds * cores * 1_000_000);
      long anon = (64L << 20) + (long) (random.nextDouble() * (32L << 20)) + i * (8L << 20);
      long file = (16L << 20) + (long) (random.nextDouble() * (16L << 20));
      write(container, cpuMicros[i], anon, file);
      // The pod's own cgroup holds its container and the sandbox, whose share is small.
      write(podDir, cpuMicros[i] + cpuMicros[i] / 100, anon + (1L << 20), file);
    }
  }

  private static void write(Path dir, long cpuMicros, long anon, long file) throws IOException {
    long user = cpuMicros * 7 / 10;
    long periods = (long) (cpuMicros / 100_000.0);
    Files.writeString(dir.resolve("cpu.stat"), "usage_usec " + cpuMicros + "\nuser_usec " + user
        + "\nsystem_usec " + (cpuMicros - user) + "\nnr_periods " + periods + "\nnr_throttled " + periods / 50
        + "\nthrottled_usec " + cpuMicros / 40 + "\n");
    long inactive = file / 2;
    Files.writeString(dir.resolve("memory.current"), (anon + file) + "\n");
    Files.writeString(dir.resolve("memory.stat"), "anon " + anon + "\nfile " + file + "\ninactive_file " + inactive
        + "\nactive_file " + (file - inactive) + "\n");
    Files.writeString(dir.resolve("memory.events"), "low 0\nhigh 0\nmax 0\noom 0\noom_kill 0\n");
    Files.writeString(dir.resolve("pids.current"), (8 + cpuMicros % 5) + "\n");
    Files.writeString(dir.resolve("io.stat"), "8:0 rbytes=" + cpuMicros * 3 + " wbytes=" + cpuMicros / 2 + " rios="
        + cpuMicros / 4096 + " wios=" + cpuMicros / 65536 + " dbytes=0 dios=0\n");
  }
}
