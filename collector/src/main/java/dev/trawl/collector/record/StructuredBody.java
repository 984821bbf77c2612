package dev.trawl.collector.record;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A log body read into fields: the keys that have an ECS home (level, message, trace and span
 * ids) are taken out, every other key goes under {@code json}. The keys each home takes are the
 * ones logging libraries write (zap, logrus, slog, pino, bunyan, structlog, go-kit).
 */
abstract class StructuredBody {
  static final Set<String> LEVEL_KEYS = Set.of("level", "lvl", "severity", "loglevel", "levelname", "log.level");
  static final Set<String> MESSAGE_KEYS = Set.of("msg", "message", "log");
  static final Set<String> TRACE_KEYS = Set.of("trace_id", "traceId", "traceID", "trace.id");
  static final Set<String> SPAN_KEYS = Set.of("span_id", "spanId", "spanID", "span.id");
  /** The home a key goes to, from {@link #homeOf}. */
  static final int NO_HOME = 0;
  static final int LEVEL = 1;
  static final int MESSAGE = 2;
  static final int TRACE = 3;
  static final int SPAN = 4;
  private static final List<Set<String>> KEYS_BY_HOME = List.of(Set.of(), LEVEL_KEYS, MESSAGE_KEYS, TRACE_KEYS, SPAN_KEYS);
  /** The known keys as bytes, grouped by length, and each one's home: one pass finds a key's home. */
  private static final byte[][][] KEYS_BY_LENGTH = new byte[16][][];
  private static final int[][] HOMES_BY_LENGTH = new int[16][];

  String level;
  String message;
  String traceId;
  String spanId;

  /** How many members the body last read has. */
  abstract int memberCount();

  /** Whether member {@code m} went to an ECS home (so it is not repeated under {@code json}). */
  abstract boolean placed(int m);

  /** Writes member {@code m} as {@code "key":value}. */
  abstract void writeMember(int m, JsonOut out);

  /** Writes {@code ,"json":{…}} with the members that have no ECS home, if there are any. */
  final void writeExtra(JsonOut out) {
    boolean open = false;
    for (int m = 0; m < memberCount(); m++) {
      if (placed(m)) {
        continue;
      }
      if (open) {
        out.raw((byte) ',');
      } else {
        out.raw(JsonKeys.JSON);
        open = true;
      }
      writeMember(m, out);
    }
    if (open) {
      out.raw((byte) '}');
    }
  }

  boolean hasMessage() {
    return message != null;
  }

  /** Writes the message as a JSON string; only when {@link #hasMessage()}. */
  void writeMessage(JsonOut out) {
    out.string(message);
  }

  boolean hasTraceId() {
    return traceId != null;
  }

  void writeTraceId(JsonOut out) {
    out.string(traceId);
  }

  boolean hasSpanId() {
    return spanId != null;
  }

  void writeSpanId(JsonOut out) {
    out.string(spanId);
  }

  /** A level word as {@link LogLevel} names it, else the word lower-cased. */
  static String levelOf(String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    String known = LogLevel.leading(bytes, 0, bytes.length);
    return known != null ? known : text.toLowerCase(Locale.ROOT);
  }

  static {
    for (int len = 0; len < KEYS_BY_LENGTH.length; len++) {
      List<byte[]> keys = new ArrayList<>();
      List<Integer> homes = new ArrayList<>();
      for (int home = LEVEL; home <= SPAN; home++) {
        for (String key : KEYS_BY_HOME.get(home)) {
          if (key.length() == len) {
            keys.add(key.getBytes(StandardCharsets.UTF_8));
            homes.add(home);
          }
        }
      }
      KEYS_BY_LENGTH[len] = keys.toArray(byte[][]::new);
      HOMES_BY_LENGTH[len] = homes.stream().mapToInt(Integer::intValue).toArray();
    }
  }

  /** The home of the key {@code b[start, end)} (unescaped bytes), or {@link #NO_HOME}. */
  static int homeOf(byte[] b, int start, int end) {
    int len = end - start;
    if (len <= 0 || len >= KEYS_BY_LENGTH.length) {
      return NO_HOME;
    }
    byte[][] keys = KEYS_BY_LENGTH[len];
    for (int k = 0; k < keys.length; k++) {
      byte[] key = keys[k];
      if (key[0] == b[start] && Arrays.equals(b, start, end, key, 0, len)) {
        return HOMES_BY_LENGTH[len][k];
      }
    }
    return NO_HOME;
  }

  /** The home of a decoded key, or {@link #NO_HOME}. */
  static int homeOf(String key) {
    for (int home = LEVEL; home <= SPAN; home++) {
      if (KEYS_BY_HOME.get(home).contains(key)) {
        return home;
      }
    }
    return NO_HOME;
  }
}
