package dev.trawl.launcher.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

/**
 * A cgroup v2 tree for the demo pods, as the kubelet's systemd driver lays it out
 * ({@code kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod<uid>.slice/cri-containerd-<id>.scope}),
 * whose CPU and memory files move on each {@link #advance}.
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
      Path dir = root.resolve("kubepods.slice/kubepods-burstable.slice")
          .resolve("kubepods-burstable-pod" + pod.uid().replace('-', '_') + ".slice")
          .resolve("cri-containerd-" + pod.containerId() + ".scope");
      Files.createDirectories(dir);
      double cores = 0.05 + 0.02 * pod.linesPerSecond() * (0.5 + random.nextDouble());
      cpuMicros[i] += (long) (seconds * cores * 1_000_000);
      long user = cpuMicros[i] * 7 / 10;
      long periods = (long) (cpuMicros[i] / 100_000.0);
      Files.writeString(dir.resolve("cpu.stat"), "usage_usec " + cpuMicros[i] + "\nuser_usec " + user
          + "\nsystem_usec " + (cpuMicros[i] - user) + "\nnr_periods " + periods + "\nnr_throttled " + periods / 50
          + "\nthrottled_usec " + cpuMicros[i] / 40 + "\n");
      long anon = (64L << 20) + (long) (random.nextDouble() * (32L << 20)) + i * (8L << 20);
      long file = (16L << 20) + (long) (random.nextDouble() * (16L << 20));
      long inactive = file / 2;
      Files.writeString(dir.resolve("memory.current"), (anon + file) + "\n");
      Files.writeString(dir.resolve("memory.stat"), "anon " + anon + "\nfile " + file + "\ninactive_file " + inactive
          + "\nactive_file " + (file - inactive) + "\n");
    }
  }
}
