package dev.trawl.collector.record;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.IOException;

/**
 * A log body that is one JSON object: its level, message, trace and span ids go to their ECS
 * fields, every other key is copied under {@code json} with its JSON type. Reading is two streaming passes over the
 * bytes (the known keys first, then the rest straight into the document), so no tree is built.
 * Not thread-safe: one per {@link LogDocument}.
 */
final class JsonBody extends StructuredBody {
  private static final JsonFactory JSON = JsonFactory.builder()
      .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).build()).build();

  private String messageKey;
  private String levelKey;
  private boolean extra;

  /** Reads the known keys; false when the body is not a single JSON object (then it is plain text). */
  boolean read(byte[] b, int off, int len) {
    level = message = traceId = spanId = messageKey = levelKey = null;
    extra = false;
    if (!looksLikeObject(b, off, len)) {
      return false;
    }
    try (JsonParser p = JSON.createParser(b, off, len)) {
      p.nextToken();
      JsonToken t;
      while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
        String key = p.currentName();
        JsonToken value = p.nextToken();
        boolean scalar = value.isScalarValue() && value != JsonToken.VALUE_NULL;
        if (scalar && level == null && LEVEL_KEYS.contains(key)) {
          level = normalizeLevel(p, value);
          levelKey = key;
        } else if (scalar && message == null && MESSAGE_KEYS.contains(key)) {
          message = p.getText();
          messageKey = key;
        } else if (scalar && traceId == null && TRACE_KEYS.contains(key)) {
          traceId = p.getText();
        } else if (scalar && spanId == null && SPAN_KEYS.contains(key)) {
          spanId = p.getText();
        } else {
          extra = true;
          p.skipChildren();
        }
      }
      return t == JsonToken.END_OBJECT && p.nextToken() == null;
    } catch (IOException e) {
      return false;
    }
  }

  @Override
  void writeExtra(byte[] b, int off, int len, JsonOut out) {
    if (!extra) {
      return;
    }
    out.raw(JSON_OPEN);
    boolean first = true;
    try (JsonParser p = JSON.createParser(b, off, len)) {
      p.nextToken();
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String key = p.currentName();
        JsonToken value = p.nextToken();
        if (placed(key)) {
          p.skipChildren();
          continue;
        }
        if (!first) {
          out.raw((byte) ',');
        }
        first = false;
        out.string(key).raw((byte) ':');
        copy(p, value, out);
      }
    } catch (IOException e) {
      // read() parsed the same bytes without error
      throw new java.io.UncheckedIOException(e);
    }
    out.raw((byte) '}');
  }

  /** Copies the value the parser stands on; numbers keep their text as written. */
  private static void copy(JsonParser p, JsonToken token, JsonOut out) throws IOException {
    switch (token) {
      case START_OBJECT -> {
        out.raw((byte) '{');
        boolean first = true;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          if (!first) {
            out.raw((byte) ',');
          }
          first = false;
          out.string(p.currentName()).raw((byte) ':');
          copy(p, p.nextToken(), out);
        }
        out.raw((byte) '}');
      }
      case START_ARRAY -> {
        out.raw((byte) '[');
        boolean first = true;
        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
          if (!first) {
            out.raw((byte) ',');
          }
          first = false;
          copy(p, t, out);
        }
        out.raw((byte) ']');
      }
      case VALUE_STRING -> out.string(p.getText());
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT, VALUE_TRUE, VALUE_FALSE, VALUE_NULL ->
          out.raw(p.getText().getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      default -> throw new IllegalStateException("unexpected JSON token " + token);
    }
  }

  private boolean placed(String key) {
    return key.equals(levelKey) || key.equals(messageKey) || (traceId != null && TRACE_KEYS.contains(key))
        || (spanId != null && SPAN_KEYS.contains(key));
  }

  private static boolean looksLikeObject(byte[] b, int off, int len) {
    int start = off;
    int end = off + len - 1;
    while (start <= end && (b[start] == ' ' || b[start] == '\t')) {
      start++;
    }
    while (end >= start && (b[end] == ' ' || b[end] == '\t' || b[end] == '\r')) {
      end--;
    }
    return start < end && b[start] == '{' && b[end] == '}';
  }

  /** Level names as {@link LogLevel} reads them; pino/bunyan numbers (10 trace … 60 fatal) too. */
  private static String normalizeLevel(JsonParser p, JsonToken value) throws IOException {
    if (value == JsonToken.VALUE_NUMBER_INT) {
      int n = p.getIntValue();
      return n >= 60 ? "fatal" : n >= 50 ? "error" : n >= 40 ? "warn" : n >= 30 ? "info" : n >= 20 ? "debug" : "trace";
    }
    return levelOf(p.getText());
  }
}
