package dev.trawl.collector.record;

import com.fasterxml.jackson.core.SerializableString;
import java.nio.charset.StandardCharsets;

/**
 * Writes one log line as its ECS JSON document — all of it but its file's {@link #tail}, the keys
 * every document repeats as {@link JsonKeys} tokens, as the node queue keeps it — by hand into a
 * buffer that lives as long as the writer, so a line costs no allocation beyond the strings a
 * structured body's fields need when its text is valid UTF-8. Not thread-safe: one per tailer
 * thread.
 */
public final class LogDocument {
  /** Bits of {@code log.flags}. */
  public static final int PARTIAL = 1;
  public static final int TRUNCATED = 2;
  public static final int MULTILINE = 4;
  public static final int MALFORMED = 8;
  /** The API did not know the line's pod in time: the record has only what the file path says. */
  public static final int NO_POD_METADATA = 16;
  private static final byte[][] FLAG_NAMES = {JsonOut.quoted("partial"), JsonOut.quoted("truncated"),
      JsonOut.quoted("multiline"), JsonOut.quoted("malformed"), JsonOut.quoted("no_pod_metadata")};
  private static final byte[] STREAM = ",\"stream\":".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] LEVEL = "\"level\":".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] FILE_PATH = ",\"file\":{\"path\":".getBytes(StandardCharsets.US_ASCII);

  private final JsonOut out = new JsonOut();
  private final JsonBody jsonBody = new JsonBody();
  private final LogfmtBody logfmtBody = new LogfmtBody();
  private final QueuedTime time = new QueuedTime();
  private String level;

  /**
   * Renders a document up to its {@code log.offset} and {@code log.flags}, leaving the {@code log}
   * member open for the {@link #tail}; read it with {@link #bytes()} and {@link #length()} before
   * the next call. The offset's digits are not in it: the queue entry holds the offset as a number,
   * and {@link JsonKeys#expand} writes them.
   *
   * @param ts the runtime's timestamp (RFC 3339, as written)
   * @param parser how the body is read: a JSON object or logfmt body gives {@code log.level},
   *     {@code message}, {@code trace.id}, {@code span.id} and {@code json.*}; otherwise (or when
   *     the body is not what the parser expects) the body is the message and a leading level
   *     token sets {@code log.level}
   */
  public void write(byte[] ts, int tsOff, int tsLen, byte[] body, int bodyOff, int bodyLen, String stream,
      BodyParser parser, int flags) {
    out.reset();
    boolean valid = Utf8.isValid(body, bodyOff, bodyLen);
    StructuredBody fields = valid ? read(parser, body, bodyOff, bodyLen) : null;
    if (!time.encode(ts, tsOff, tsLen, out)) {
      out.raw(JsonKeys.TIMESTAMP).string(ts, tsOff, tsLen);
    }
    out.raw(JsonKeys.MESSAGE);
    if (fields != null && fields.hasMessage()) {
      fields.writeMessage(out);
      level = fields.level;
    } else if (valid) {
      out.string(body, bodyOff, bodyLen);
      level = fields != null ? fields.level : LogLevel.leading(body, bodyOff, bodyLen);
    } else {
      out.string(Utf8.escapeInvalid(body, bodyOff, bodyLen));
      level = LogLevel.leading(body, bodyOff, bodyLen);
      flags |= MALFORMED;
    }
    if (stream.equals("stdout")) {
      out.raw(JsonKeys.STDOUT);
    } else if (stream.equals("stderr")) {
      out.raw(JsonKeys.STDERR);
    } else {
      out.raw(STREAM).string(stream);
    }
    if (fields != null) {
      if (fields.hasTraceId()) {
        out.raw(JsonKeys.TRACE_ID);
        fields.writeTraceId(out);
        out.raw((byte) '}');
      }
      if (fields.hasSpanId()) {
        out.raw(JsonKeys.SPAN_ID);
        fields.writeSpanId(out);
        out.raw((byte) '}');
      }
      fields.writeExtra(out);
    }
    out.raw(JsonKeys.LOG);
    if (level != null) {
      byte[] known = JsonKeys.levelMember(level);
      if (known != null) {
        out.raw(known);
      } else {
        out.raw(LEVEL).string(level).raw((byte) ',');
      }
    }
    out.raw(JsonKeys.ENTRY_OFFSET);
    if (flags != 0) {
      out.raw(JsonKeys.FLAGS);
      boolean first = true;
      for (int bit = 0; bit < FLAG_NAMES.length; bit++) {
        if ((flags & (1 << bit)) != 0) {
          if (!first) {
            out.raw((byte) ',');
          }
          out.raw(FLAG_NAMES[bit]);
          first = false;
        }
      }
      out.raw((byte) ']');
    }
  }

  /**
   * The bytes that end every document of one file: its {@code log.file.path}, which closes the
   * {@code log} member {@link #write} leaves open, the container's pre-rendered
   * {@code ,"kubernetes":{…},…} members and the closing brace. The queue keeps them once per batch
   * of documents, so a line's own bytes are not a third longer for a path every line repeats.
   */
  public static byte[] tail(String filePath, SerializableString metadata) {
    byte[] path = JsonOut.quoted(filePath);
    byte[] members = metadata.asUnquotedUTF8();
    byte[] tail = new byte[FILE_PATH.length + path.length + 2 + members.length + 1];
    int at = 0;
    System.arraycopy(FILE_PATH, 0, tail, at, FILE_PATH.length);
    at += FILE_PATH.length;
    System.arraycopy(path, 0, tail, at, path.length);
    at += path.length;
    tail[at++] = '}';
    tail[at++] = '}';
    System.arraycopy(members, 0, tail, at, members.length);
    tail[at + members.length] = '}';
    return tail;
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

  /** The {@code log.level} of the document last written, or null when it has none. */
  public String level() {
    return level;
  }

  /**
   * The rendered document without its tail, its repeated keys as {@link JsonKeys} tokens; valid up
   * to {@link #length()}, until the next write.
   */
  public byte[] bytes() {
    return out.array();
  }

  public int length() {
    return out.size();
  }
}
