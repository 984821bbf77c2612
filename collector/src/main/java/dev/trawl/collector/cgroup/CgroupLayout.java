package dev.trawl.collector.cgroup;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds pod and container cgroups under the kubelet's {@code kubepods} tree, for both drivers:
 * systemd ({@code kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod<uid>.slice/cri-containerd-<id>.scope},
 * with the uid's dashes as underscores) and cgroupfs ({@code kubepods/burstable/pod<uid>/<id>}),
 * for containerd, CRI-O and docker scope names. The layout is the same in cgroup v2 and in each v1
 * hierarchy, so one walk serves both.
 */
final class CgroupLayout {
  private static final Pattern POD = Pattern.compile("(?:.*-)?pod([0-9a-fA-F_-]{36})(?:\\.slice)?");
  private static final Pattern CONTAINER =
      Pattern.compile("(?:cri-containerd-|crio-|docker-)?([0-9a-f]{64})(?:\\.scope)?");
  private static final int MAX_DEPTH = 5;

  private CgroupLayout() {}

  /** Pod cgroups, each followed by its containers' cgroups. */
  static List<CgroupRef> find(Path hierarchy) {
    List<CgroupRef> out = new ArrayList<>();
    for (String top : new String[] {"kubepods.slice", "kubepods"}) {
      Path base = hierarchy.resolve(top);
      if (Files.isDirectory(base)) {
        findPods(hierarchy, base, MAX_DEPTH, out);
      }
    }
    return out;
  }

  private static void findPods(Path hierarchy, Path dir, int depth, List<CgroupRef> out) {
    try (Stream<Path> children = Files.list(dir)) {
      for (Path child : (Iterable<Path>) children.filter(Files::isDirectory)::iterator) {
        Matcher pod = POD.matcher(child.getFileName().toString());
        if (pod.matches()) {
          String uid = pod.group(1).replace('_', '-');
          out.add(new CgroupRef(uid, null, hierarchy.relativize(child)));
          addContainers(hierarchy, child, uid, out);
        } else if (depth > 1) {
          findPods(hierarchy, child, depth - 1, out);
        }
      }
    } catch (IOException | UncheckedIOException e) {
      // A cgroup vanished while listed: the pod stopped; the next round sees the new tree.
    }
  }

  private static void addContainers(Path hierarchy, Path podDir, String uid, List<CgroupRef> out) throws IOException {
    try (Stream<Path> children = Files.list(podDir)) {
      children.filter(Files::isDirectory).forEach(c -> {
        Matcher m = CONTAINER.matcher(c.getFileName().toString());
        if (m.matches()) {
          out.add(new CgroupRef(uid, m.group(1), hierarchy.relativize(c)));
        }
      });
    }
  }
}
