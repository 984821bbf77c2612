package dev.trawl.collector.cgroup;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads the kernel's cgroup interface files: flat keyed files ({@code key value} per line) and
 * single values. A file of a controller that is not enabled for the cgroup is absent; the
 * {@code …IfPresent} readers say so instead of failing the whole sample.
 */
final class CgroupFiles {
  /** What a counter or gauge reads as when its file is absent; such values are not exported. */
  static final long ABSENT = -1;

  private CgroupFiles() {}

  static String text(Path file) throws IOException {
    return new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
  }

  /** A flat keyed file; values that are not numbers ({@code max}) are left out. */
  static Map<String, Long> keyValues(Path file) throws IOException {
    String text = text(file);
    Map<String, Long> out = new HashMap<>();
    int start = 0;
    while (start < text.length()) {
      int end = text.indexOf('\n', start);
      if (end < 0) {
        end = text.length();
      }
      int space = text.indexOf(' ', start);
      if (space > start && space < end) {
        Long value = parseOrNull(text.substring(space + 1, end).trim());
        if (value != null) {
          out.put(text.substring(start, space), value);
        }
      }
      start = end + 1;
    }
    return out;
  }

  static Map<String, Long> keyValuesIfPresent(Path file) throws IOException {
    try {
      return keyValues(file);
    } catch (NoSuchFileException e) {
      return Map.of();
    }
  }

  static long number(Path file) throws IOException {
    String value = text(file).trim();
    Long parsed = parseOrNull(value);
    if (parsed == null) {
      throw new IOException("not a number in " + file + ": " + value);
    }
    return parsed;
  }

  static long numberIfPresent(Path file) throws IOException {
    try {
      return number(file);
    } catch (NoSuchFileException e) {
      return ABSENT;
    }
  }

  private static Long parseOrNull(String value) {
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
