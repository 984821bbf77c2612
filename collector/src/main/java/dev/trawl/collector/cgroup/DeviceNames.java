package dev.trawl.collector.cgroup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Names block devices the way cAdvisor labels them ({@code /dev/sda}) from the {@code major:minor}
 * the cgroup files use, through sysfs ({@code /sys/dev/block/<major>:<minor>/uevent}). A device
 * sysfs does not know keeps its {@code major:minor}. Not thread-safe: the sampler's thread only.
 */
final class DeviceNames {
  private final Path sysDevBlock;
  private final Map<String, String> names = new HashMap<>();

  DeviceNames(Path sysDevBlock) {
    this.sysDevBlock = sysDevBlock;
  }

  String name(String majorMinor) {
    return names.computeIfAbsent(majorMinor, this::lookUp);
  }

  private String lookUp(String majorMinor) {
    try {
      for (String line : Files.readAllLines(sysDevBlock.resolve(majorMinor).resolve("uevent"))) {
        if (line.startsWith("DEVNAME=")) {
          return "/dev/" + line.substring("DEVNAME=".length());
        }
      }
    } catch (IOException | RuntimeException e) {
      // Not a device sysfs lists (or no sysfs here): the numbers still tell devices apart.
    }
    return majorMinor;
  }
}
