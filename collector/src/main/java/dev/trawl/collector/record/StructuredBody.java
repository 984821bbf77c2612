package dev.trawl.collector.record;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
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
  static final byte[][] LEVEL_KEY_BYTES = bytesOf(LEVEL_KEYS);
  static final byte[][] MESSAGE_KEY_BYTES = bytesOf(MESSAGE_KEYS);
  static final byte[][] TRACE_KEY_BYTES = bytesOf(TRACE_KEYS);
  static final byte[][] SPAN_KEY_BYTES = bytesOf(SPAN_KEYS);
  /** Opens the {@code json} member after the document's other members. */
  static final byte[] JSON_OPEN = ",\"json\":{".getBytes(StandardCharsets.US_ASCII);

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
        out.raw(JSON_OPEN);
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

  private static byte[][] bytesOf(Set<String> keys) {
    return keys.stream().map(k -> k.getBytes(StandardCharsets.UTF_8)).toArray(byte[][]::new);
  }

  /** Whether {@code b[start, end)} is one of {@code keys}, compared as bytes. */
  static boolean isOneOf(byte[] b, int start, int end, byte[][] keys) {
    int len = end - start;
    for (byte[] key : keys) {
      if (key.length == len && key[0] == b[start] && Arrays.equals(b, start, end, key, 0, len)) {
        return true;
      }
    }
    return false;
  }
}
