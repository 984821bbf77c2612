package dev.trawl.collector.cgroup;

import java.nio.file.Path;

/**
 * A pod's or a container's cgroup, found under the kubelet's {@code kubepods} tree.
 *
 * @param containerId the runtime's container id, or null for the pod's own cgroup
 * @param relative the cgroup's path below a hierarchy's root: the same in every v1 hierarchy
 */
record CgroupRef(String podUid, String containerId, Path relative) {
  boolean isPod() {
    return containerId == null;
  }
}
