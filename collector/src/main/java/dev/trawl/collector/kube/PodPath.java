package dev.trawl.collector.kube;

import java.nio.file.Path;
import java.util.Optional;

/**
 * What kubelet's log layout says about a file:
 * {@code /var/log/pods/<namespace>_<pod>_<uid>/<container>/<restart>.log}. Namespace and pod names
 * are DNS labels and subdomains, which cannot hold an underscore, so the split is unambiguous.
 */
public record PodPath(String namespace, String podName, String podUid, String containerName) {

  /** Empty when the path is not in kubelet's layout. */
  public static Optional<PodPath> parse(Path file) {
    int n = file.getNameCount();
    if (n < 3) {
      return Optional.empty();
    }
    String podDir = file.getName(n - 3).toString();
    String container = file.getName(n - 2).toString();
    int first = podDir.indexOf('_');
    int last = podDir.lastIndexOf('_');
    if (first <= 0 || last <= first + 1 || last == podDir.length() - 1 || container.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new PodPath(podDir.substring(0, first), podDir.substring(first + 1, last),
        podDir.substring(last + 1), container));
  }
}
