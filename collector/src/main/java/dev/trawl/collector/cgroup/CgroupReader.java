package dev.trawl.collector.cgroup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads a cgroup's numbers from one cgroup version's interface files. */
interface CgroupReader {
  /** The hierarchy whose {@code kubepods} tree lists the cgroups. */
  Path hierarchy();

  /** @param relative the cgroup's path below the hierarchy root, as {@link CgroupLayout} found it */
  CgroupStats read(Path relative) throws IOException;

  /**
   * v1 mounts one hierarchy per controller ({@code memory/}, {@code cpu,cpuacct/}, …) under the
   * root, also in the hybrid layout; v2 has none of them.
   */
  static CgroupReader of(Path root, DeviceNames devices) {
    return Files.isDirectory(root.resolve("memory")) ? new LegacyReader(root, devices) : new UnifiedReader(root, devices);
  }
}
