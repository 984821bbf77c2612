package dev.trawl.collector.cgroup;

import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * One container series, by cAdvisor's name: served on {@code /metrics} and shipped as metric
 * documents with the same name and unit.
 */
record Series(String name, String help, boolean counter, String unit, ToDoubleFunction<CgroupStats> value) {
  static final List<Series> ALL = List.of(
      new Series("container_cpu_usage_seconds_total", "Cumulative cpu time consumed in seconds.", true, "seconds", CgroupStats::cpuSeconds),
      new Series("container_cpu_user_seconds_total", "Cumulative user cpu time consumed in seconds.", true, "seconds", CgroupStats::cpuUserSeconds),
      new Series("container_cpu_system_seconds_total", "Cumulative system cpu time consumed in seconds.", true, "seconds", CgroupStats::cpuSystemSeconds),
      new Series("container_cpu_cfs_periods_total", "Number of elapsed enforcement period intervals.", true, "periods", s -> s.periods()),
      new Series("container_cpu_cfs_throttled_periods_total", "Number of throttled period intervals.", true, "periods", s -> s.throttledPeriods()),
      new Series("container_cpu_cfs_throttled_seconds_total", "Total time duration the container has been throttled.", true, "seconds", CgroupStats::throttledSeconds),
      new Series("container_memory_usage_bytes", "Current memory usage in bytes, including all memory regardless of when it was accessed.", false, "bytes", s -> s.memoryUsage()),
      new Series("container_memory_working_set_bytes", "Current working set in bytes.", false, "bytes", s -> s.workingSet()),
      new Series("container_memory_rss", "Size of RSS in bytes.", false, "bytes", s -> s.rss()),
      new Series("container_memory_cache", "Number of bytes of page cache memory.", false, "bytes", s -> s.cache()));
}
