package dev.trawl.collector.record;

/**
 * Finds a leading level token in a plain-text log body: {@code ERROR …}, {@code [warn] …},
 * {@code level=info …}-free plain forms, and klog's {@code E1123 …}. Returns a shared lower-case
 * constant, so nothing is allocated per line.
 */
public final class LogLevel {
  private static final String[] NAMES = {"trace", "debug", "info", "notice", "warn", "warning",
      "error", "fatal", "critical", "panic"};
  private static final String[] ECS = {"trace", "debug", "info", "notice", "warn", "warn",
      "error", "fatal", "critical", "fatal"};

  private LogLevel() {}

  /** The levels this class returns, as ECS names them. */
  static String[] ecsNames() {
    return ECS.clone();
  }

  /** The level the body starts with, or null. */
  public static String leading(byte[] b, int off, int len) {
    int i = off;
    int end = off + len;
    while (i < end && b[i] == ' ') {
      i++;
    }
    if (i < end && b[i] == '[') {
      i++;
    }
    int start = i;
    while (i < end && isLetter(b[i])) {
      i++;
    }
    int wordLen = i - start;
    if (wordLen == 1 && i < end && b[i] >= '0' && b[i] <= '9') {
      return klog(b[start]);
    }
    if (wordLen == 0 || (i < end && b[i] != ' ' && b[i] != ']' && b[i] != ':' && b[i] != '|')) {
      return null;
    }
    for (int k = 0; k < NAMES.length; k++) {
      if (equalsIgnoreCase(b, start, wordLen, NAMES[k])) {
        return ECS[k];
      }
    }
    return null;
  }

  private static String klog(byte letter) {
    return switch (letter) {
      case 'I' -> "info";
      case 'W' -> "warn";
      case 'E' -> "error";
      case 'F' -> "fatal";
      default -> null;
    };
  }

  private static boolean isLetter(byte c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  private static boolean equalsIgnoreCase(byte[] b, int off, int len, String word) {
    if (len != word.length()) {
      return false;
    }
    for (int k = 0; k < len; k++) {
      if ((b[off + k] | 0x20) != word.charAt(k)) {
        return false;
      }
    }
    return true;
  }
}
