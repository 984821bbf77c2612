package dev.trawl.collector.cgroup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * cgroup v1, one hierarchy per controller: {@code cpuacct.usage} (nanoseconds) and
 * {@code cpuacct.stat} (USER_HZ ticks), {@code cpu.stat}, {@code memory.usage_in_bytes} and the
 * hierarchical {@code total_*} keys of {@code memory.stat}, {@code oom_kill} of
 * {@code memory.oom_control} (kernel 4.13+), blkio's service counters (the CFQ/BFQ ones, else the
 * throttle ones, recursive first, as runc reads them) and {@code pids.current}.
 */
final class LegacyReader implements CgroupReader {
  /** USER_HZ: the unit of {@code cpuacct.stat}, 100 on every Linux architecture Kubernetes runs on. */
  private static final double TICKS_PER_SECOND = 100;
  private static final String[] BYTES_FILES = {"blkio.io_service_bytes_recursive",
      "blkio.throttle.io_service_bytes_recursive", "blkio.throttle.io_service_bytes"};
  private static final String[] OPS_FILES = {"blkio.io_serviced_recursive",
      "blkio.throttle.io_serviced_recursive", "blkio.throttle.io_serviced"};

  private final Path memory;
  private final Path cpu;
  private final Path cpuacct;
  private final Path blkio;
  private final Path pids;
  private final DeviceNames devices;

  LegacyReader(Path root, DeviceNames devices) {
    this.memory = root.resolve("memory");
    this.cpu = firstDirectory(root, "cpu,cpuacct", "cpuacct,cpu", "cpu");
    this.cpuacct = firstDirectory(root, "cpu,cpuacct", "cpuacct,cpu", "cpuacct");
    this.blkio = root.resolve("blkio");
    this.pids = root.resolve("pids");
    this.devices = devices;
  }

  private static Path firstDirectory(Path root, String... names) {
    for (String name : names) {
      if (Files.isDirectory(root.resolve(name))) {
        return root.resolve(name);
      }
    }
    return root.resolve(names[names.length - 1]);
  }

  @Override
  public Path hierarchy() {
    return memory;
  }

  @Override
  public CgroupStats read(Path relative) throws IOException {
    Path acct = cpuacct.resolve(relative);
    Map<String, Long> ticks = CgroupFiles.keyValues(acct.resolve("cpuacct.stat"));
    Map<String, Long> cfs = CgroupFiles.keyValuesIfPresent(cpu.resolve(relative).resolve("cpu.stat"));
    Path mem = memory.resolve(relative);
    Map<String, Long> stat = CgroupFiles.keyValues(mem.resolve("memory.stat"));
    long usage = CgroupFiles.number(mem.resolve("memory.usage_in_bytes"));
    Map<String, Long> oom = CgroupFiles.keyValuesIfPresent(mem.resolve("memory.oom_control"));
    return new CgroupStats(
        CgroupFiles.number(acct.resolve("cpuacct.usage")) / 1e9,
        ticks.getOrDefault("user", 0L) / TICKS_PER_SECOND, ticks.getOrDefault("system", 0L) / TICKS_PER_SECOND,
        cfs.getOrDefault("nr_periods", 0L), cfs.getOrDefault("nr_throttled", 0L),
        cfs.getOrDefault("throttled_time", 0L) / 1e9,
        usage, CgroupStats.workingSet(usage, stat.getOrDefault("total_inactive_file", 0L)),
        stat.getOrDefault("total_rss", 0L), stat.getOrDefault("total_cache", 0L),
        oom.getOrDefault("oom_kill", CgroupFiles.ABSENT),
        CgroupFiles.numberIfPresent(pids.resolve(relative).resolve("pids.current")),
        io(blkio.resolve(relative)));
  }

  private List<DeviceIo> io(Path dir) throws IOException {
    Map<String, long[]> bytes = firstWithDevices(dir, BYTES_FILES);
    Map<String, long[]> ops = firstWithDevices(dir, OPS_FILES);
    List<DeviceIo> out = new ArrayList<>();
    bytes.forEach((device, b) -> {
      long[] o = ops.getOrDefault(device, new long[2]);
      out.add(new DeviceIo(devices.name(device), b[0], b[1], o[0], o[1]));
    });
    return out;
  }

  /** Read and write per device from the first of the files that lists any device. */
  private static Map<String, long[]> firstWithDevices(Path dir, String[] files) throws IOException {
    for (String file : files) {
      Map<String, long[]> perDevice = readWrite(dir.resolve(file));
      if (!perDevice.isEmpty()) {
        return perDevice;
      }
    }
    return Map.of();
  }

  /** Lines {@code 8:0 Read 4096}, {@code 8:0 Write 0}, …, and a last {@code Total 4096}. */
  private static Map<String, long[]> readWrite(Path file) throws IOException {
    String text;
    try {
      text = CgroupFiles.text(file);
    } catch (NoSuchFileException e) {
      return Map.of();
    }
    Map<String, long[]> out = new LinkedHashMap<>();
    for (String line : text.split("\n")) {
      String[] fields = line.trim().split(" ");
      if (fields.length != 3) {
        continue;
      }
      int slot = switch (fields[1]) {
        case "Read" -> 0;
        case "Write" -> 1;
        default -> -1;
      };
      if (slot >= 0) {
        out.computeIfAbsent(fields[0], d -> new long[2])[slot] = Long.parseLong(fields[2]);
      }
    }
    return out;
  }
}
