package dev.trawl.collector.record;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Writes one log line as its ECS JSON document. The generator and its buffer live as long as the
 * writer, so a line costs no allocation beyond the document's bytes when its text is valid UTF-8.
 * Not thread-safe: one per tailer thread.
 */
public final class LogDocument {
  /** Bits of {@code log.flags}. */
  public static final int PARTIAL = 1;
  public static final int TRUNCATED = 2;
  public static final int MULTILINE = 4;
  public static final int MALFORMED = 8;
  private static final String[] FLAG_NAMES = {"partial", "truncated", "multiline", "malformed"};

  private final Buffer out = new Buffer();
  private final JsonBody jsonBody = new JsonBody();
  private final LogfmtBody logfmtBody = new LogfmtBody();
  private final JsonGenerator gen;
  private String level;

  public LogDocument() {
    try {
      gen = JsonFactory.builder().build().createGenerator(out);
      gen.setRootValueSeparator(null);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Renders a document; read it with {@link #bytes()} and {@link #length()} before the next call.
   *
   * @param ts the runtime's timestamp (RFC 3339, as written)
   * @param parser how the body is read: a JSON object or logfmt body gives {@code log.level},
   *     {@code message}, {@code trace.id}, {@code span.id} and {@code json.*}; otherwise (or when
   *     the body is not what the parser expects) the body is the message and a leading level
   *     token sets {@code log.level}
   * @param metadata pre-rendered {@code ,"kubernetes":{…},…} members for the line's container
   */
  public void write(byte[] ts, int tsOff, int tsLen, byte[] body, int bodyOff, int bodyLen, String stream,
      BodyParser parser, String filePath, long offset, int flags, SerializableString metadata) {
    out.reset();
    boolean valid = Utf8.isValid(body, bodyOff, bodyLen);
    StructuredBody fields = valid ? read(parser, body, bodyOff, bodyLen) : null;
    try {
      gen.writeStartObject();
      gen.writeFieldName("@timestamp");
      gen.writeUTF8String(ts, tsOff, tsLen);
      gen.writeFieldName("message");
      if (fields != null && fields.message != null) {
        gen.writeString(fields.message);
        level = fields.level;
      } else if (valid) {
        gen.writeUTF8String(body, bodyOff, bodyLen);
        level = fields != null ? fields.level : LogLevel.leading(body, bodyOff, bodyLen);
      } else {
        gen.writeString(Utf8.escapeInvalid(body, bodyOff, bodyLen));
        level = LogLevel.leading(body, bodyOff, bodyLen);
        flags |= MALFORMED;
      }
      gen.writeStringField("stream", stream);
      gen.writeObjectFieldStart("log");
      if (level != null) {
        gen.writeStringField("level", level);
      }
      gen.writeObjectFieldStart("file");
      gen.writeStringField("path", filePath);
      gen.writeEndObject();
      gen.writeNumberField("offset", offset);
      if (flags != 0) {
        gen.writeArrayFieldStart("flags");
        for (int bit = 0; bit < FLAG_NAMES.length; bit++) {
          if ((flags & (1 << bit)) != 0) {
            gen.writeString(FLAG_NAMES[bit]);
          }
        }
        gen.writeEndArray();
      }
      gen.writeEndObject();
      if (fields != null) {
        writeIds(fields);
        fields.writeExtra(body, bodyOff, bodyLen, gen);
      }
      gen.writeRaw(metadata);
      gen.writeEndObject();
      gen.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The body's fields when the parser reads it, else null. */
  private StructuredBody read(BodyParser parser, byte[] body, int off, int len) {
    return switch (parser) {
      case AUTO -> jsonBody.read(body, off, len) ? jsonBody : logfmtBody.read(body, off, len, true) ? logfmtBody : null;
      case JSON -> jsonBody.read(body, off, len) ? jsonBody : null;
      case LOGFMT -> logfmtBody.read(body, off, len, false) ? logfmtBody : null;
      case NONE -> null;
    };
  }

  private void writeIds(StructuredBody fields) throws IOException {
    if (fields.traceId != null) {
      gen.writeObjectFieldStart("trace");
      gen.writeStringField("id", fields.traceId);
      gen.writeEndObject();
    }
    if (fields.spanId != null) {
      gen.writeObjectFieldStart("span");
      gen.writeStringField("id", fields.spanId);
      gen.writeEndObject();
    }
  }

  /** The {@code log.level} of the document last written, or null when it has none. */
  public String level() {
    return level;
  }

  /** The rendered document; valid up to {@link #length()}, until the next write. */
  public byte[] bytes() {
    return out.array();
  }

  public int length() {
    return out.size();
  }

  /** Exposes its array so a document is read in place, not copied. */
  private static final class Buffer extends ByteArrayOutputStream {
    Buffer() {
      super(4096);
    }

    byte[] array() {
      return buf;
    }
  }
}
