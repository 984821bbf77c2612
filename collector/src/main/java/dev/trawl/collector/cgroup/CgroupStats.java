package dev.trawl.collector.cgroup;

import java.util.List;

/**
 * One cgroup's numbers in cAdvisor's units. The working set is usage minus inactive file pages, as
 * the kubelet computes it. {@code oomKills} and {@code threads} are {@link CgroupFiles#ABSENT}
 * when the kernel or the enabled controllers do not report them.
 */
record CgroupStats(double cpuSeconds, double cpuUserSeconds, double cpuSystemSeconds, long periods,
    long throttledPeriods, double throttledSeconds, long memoryUsage, long workingSet, long rss, long cache,
    long oomKills, long threads, List<DeviceIo> io) {

  static long workingSet(long usage, long inactiveFile) {
    return Math.max(0, usage - inactiveFile);
  }
}
