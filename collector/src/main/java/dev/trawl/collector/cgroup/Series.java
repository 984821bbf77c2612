package dev.trawl.collector.cgroup;

import java.util.List;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;

/**
 * One series by cAdvisor's name: served on {@code /metrics} and shipped as metric documents with
 * the same name and unit. Block I/O series are per {@code device} on {@code /metrics}, as cAdvisor
 * serves them, and summed over devices in documents.
 *
 * @param perDevice the value on one device, or null for a series of the whole cgroup
 */
record Series(String name, String help, boolean counter, String unit, ToDoubleFunction<CgroupStats> value,
    ToLongFunction<DeviceIo> perDevice) {

  static final List<Series> ALL = List.of(
      whole("container_cpu_usage_seconds_total", "Cumulative cpu time consumed in seconds.", true, "seconds", CgroupStats::cpuSeconds),
      whole("container_cpu_user_seconds_total", "Cumulative user cpu time consumed in seconds.", true, "seconds", CgroupStats::cpuUserSeconds),
      whole("container_cpu_system_seconds_total", "Cumulative system cpu time consumed in seconds.", true, "seconds", CgroupStats::cpuSystemSeconds),
      whole("container_cpu_cfs_periods_total", "Number of elapsed enforcement period intervals.", true, "periods", CgroupStats::periods),
      whole("container_cpu_cfs_throttled_periods_total", "Number of throttled period intervals.", true, "periods", CgroupStats::throttledPeriods),
      whole("container_cpu_cfs_throttled_seconds_total", "Total time duration the container has been throttled.", true, "seconds", CgroupStats::throttledSeconds),
      whole("container_memory_usage_bytes", "Current memory usage in bytes, including all memory regardless of when it was accessed.", false, "bytes", CgroupStats::memoryUsage),
      whole("container_memory_working_set_bytes", "Current working set in bytes.", false, "bytes", CgroupStats::workingSet),
      whole("container_memory_rss", "Size of RSS in bytes.", false, "bytes", CgroupStats::rss),
      whole("container_memory_cache", "Number of bytes of page cache memory.", false, "bytes", CgroupStats::cache),
      whole("container_oom_events_total", "Count of out of memory events observed for the container.", true, "events", CgroupStats::oomKills),
      whole("container_threads", "Number of threads running inside the container.", false, "threads", CgroupStats::threads),
      device("container_fs_reads_bytes_total", "Cumulative count of bytes read.", "bytes", DeviceIo::readBytes),
      device("container_fs_writes_bytes_total", "Cumulative count of bytes written.", "bytes", DeviceIo::writeBytes),
      device("container_fs_reads_total", "Cumulative count of reads completed.", "operations", DeviceIo::reads),
      device("container_fs_writes_total", "Cumulative count of writes completed.", "operations", DeviceIo::writes));

  private static Series whole(String name, String help, boolean counter, String unit, ToDoubleFunction<CgroupStats> value) {
    return new Series(name, help, counter, unit, value, null);
  }

  private static Series device(String name, String help, String unit, ToLongFunction<DeviceIo> perDevice) {
    return new Series(name, help, true, unit, s -> s.io().stream().mapToLong(perDevice).sum(), perDevice);
  }

  /** False for a number the kernel did not report ({@link CgroupFiles#ABSENT}), or no device at all. */
  boolean reported(CgroupStats stats) {
    return perDevice != null ? !stats.io().isEmpty() : value.applyAsDouble(stats) >= 0;
  }
}
