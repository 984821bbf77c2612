package dev.trawl.collector.record;

import java.nio.charset.StandardCharsets;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * The JSON every log document repeats — its keys, its stream, its level — written as one control
 * byte each while the document waits in the node queue, and given back by {@link #expand} when it
 * is read. JSON text never holds a raw control byte (strings escape them, and nothing is written
 * between members), so a byte below 0x20 in a document's own bytes is a token and nothing else.
 * A line's own bytes are about 70 fewer for it, and the bytes written to fresh queue pages are much
 * of what the tailer pays per line. {@link #ENTRY_OFFSET} stands for the key and the digits of the
 * line's offset, which its queue entry holds as a number; {@link #TIME} is followed by the line's
 * time in binary, which the scan steps over.
 */
public final class JsonKeys {
  private static final int TOKENS = 0x20;
  /** What each byte below 0x20 stands for; a byte that is no token stands for itself. */
  private static final byte[][] EXPANSIONS = new byte[TOKENS][];
  /** By identity: the levels the parsers return are shared constants, and a line costs no string hash. */
  private static final Map<String, byte[]> LEVEL_MEMBERS = new IdentityHashMap<>();

  static {
    for (int b = 0; b < TOKENS; b++) {
      EXPANSIONS[b] = new byte[] {(byte) b};
    }
  }

  static final byte[] TIMESTAMP = token(0x01, "{\"@timestamp\":");
  static final byte[] MESSAGE = token(0x02, ",\"message\":");
  static final byte[] STDOUT = token(0x03, ",\"stream\":\"stdout\"");
  static final byte[] STDERR = token(0x04, ",\"stream\":\"stderr\"");
  static final byte[] LOG = token(0x05, ",\"log\":{");
  static final byte[] FLAGS = token(0x07, ",\"flags\":[");
  static final byte[] TRACE_ID = token(0x08, ",\"trace\":{\"id\":");
  // 0x09, 0x0a and 0x0d are left alone: a tab, a newline or a carriage return is never a token
  static final byte[] SPAN_ID = token(0x0b, ",\"span\":{\"id\":");
  static final byte[] JSON = token(0x0c, ",\"json\":{");
  /** {@code "offset":} and the offset {@link #expand} is given. Placed apart from the levels, which count up from 0x0e. */
  static final byte[] ENTRY_OFFSET = token(0x1f, "\"offset\":");
  /** {@code {"@timestamp":} and the time {@link QueuedTime} keeps in the {@value QueuedTime#PAYLOAD} bytes after the token. */
  static final byte[] TIME = token(0x1e, "{\"@timestamp\":");

  static {
    // Batches written before ENTRY_OFFSET hold this token with the offset's digits after it: they read as they were.
    token(0x06, "\"offset\":");
  }

  static {
    int next = 0x0e;
    for (String level : LogLevel.ecsNames()) {
      if (!LEVEL_MEMBERS.containsKey(level)) {
        LEVEL_MEMBERS.put(level, token(next++, "\"level\":\"" + level + "\","));
      }
    }
  }

  private JsonKeys() {}

  private static byte[] token(int b, String json) {
    if (b >= TOKENS || b == '\t' || b == '\n' || b == '\r' || EXPANSIONS[b].length != 1) {
      throw new IllegalStateException("no free token byte for " + json);
    }
    EXPANSIONS[b] = json.getBytes(StandardCharsets.UTF_8);
    return new byte[] {(byte) b};
  }

  /** The token of {@code "level":"<level>",} for a level {@link LogLevel} names, or null. */
  static byte[] levelMember(String level) {
    return LEVEL_MEMBERS.get(level);
  }

  /** The length of the JSON that {@code b[off, off + len)} stands for, given the offset of the line it is the document of. */
  public static int expandedLength(byte[] b, int off, int len, long offset) {
    int end = off + len;
    int length = len;
    for (int i = nextToken(b, off, end); i < end; i = nextToken(b, i + 1, end)) {
      length += EXPANSIONS[b[i]].length - 1;
      if (b[i] == ENTRY_OFFSET[0]) {
        length += JsonOut.digitCount(offset);
      } else if (b[i] == TIME[0]) {
        length += QueuedTime.textLength(b, i + 1) - QueuedTime.PAYLOAD;
        i += QueuedTime.PAYLOAD;
      }
    }
    return length;
  }

  /**
   * Writes the JSON that {@code src[off, off + len)} stands for at {@code dst[at]}, {@code offset}
   * being the offset of the line it is the document of; returns where it ends.
   */
  public static int expand(byte[] src, int off, int len, long offset, byte[] dst, int at) {
    int end = off + len;
    int run = off;
    for (int i = nextToken(src, off, end); i < end; i = nextToken(src, i + 1, end)) {
      System.arraycopy(src, run, dst, at, i - run);
      at += i - run;
      byte[] json = EXPANSIONS[src[i]];
      System.arraycopy(json, 0, dst, at, json.length);
      at += json.length;
      if (src[i] == ENTRY_OFFSET[0]) {
        at = JsonOut.digits(offset, dst, at);
      } else if (src[i] == TIME[0]) {
        at = QueuedTime.write(src, i + 1, dst, at);
        i += QueuedTime.PAYLOAD;
      }
      run = i + 1;
    }
    System.arraycopy(src, run, dst, at, end - run);
    return at + end - run;
  }

  /**
   * The first byte below 0x20 in {@code b[from, end)}, or {@code end}; eight bytes at a time (a
   * byte's high bit survives the subtraction only when it was below 0x20, and borrows only flag
   * bytes above a true one, so the lowest flagged byte is exact).
   */
  private static int nextToken(byte[] b, int from, int end) {
    int i = from;
    for (; i + Long.BYTES <= end; i += Long.BYTES) {
      long eight = (long) JsonOut.LONGS.get(b, i);
      long below = (eight - 0x2020202020202020L) & ~eight & 0x8080808080808080L;
      if (below != 0) {
        return i + (Long.numberOfTrailingZeros(below) >>> 3);
      }
    }
    while (i < end && (b[i] & 0xff) >= TOKENS) {
      i++;
    }
    return i;
  }
}
