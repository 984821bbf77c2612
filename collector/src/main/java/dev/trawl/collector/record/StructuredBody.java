package dev.trawl.collector.record;

import java.nio.charset.StandardCharsets;
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

  /** Opens the {@code json} member after the document's other members. */
  static final byte[] JSON_OPEN = ",\"json\":{".getBytes(StandardCharsets.US_ASCII);

  String level;
  String message;
  String traceId;
  String spanId;

  /** Writes {@code ,"json":{…}} with the keys that have no ECS home, if there are any. */
  abstract void writeExtra(byte[] b, int off, int len, JsonOut out);

  /** A level word as {@link LogLevel} names it, else the word lower-cased. */
  static String levelOf(String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    String known = LogLevel.leading(bytes, 0, bytes.length);
    return known != null ? known : text.toLowerCase(Locale.ROOT);
  }
}
