package dev.trawl.collector.record;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A log body in logfmt ({@code level=info msg="order placed" order_id=42}, as go-kit, logrus's
 * text formatter and slog's text handler write it): its level, message, trace and span ids go to
 * their ECS fields, every other key goes under {@code json} as a string. Quoted values are
 * unescaped. The pairs are kept as positions, so reading allocates only the strings of the placed
 * fields. Not thread-safe: one per {@link LogDocument}.
 */
final class LogfmtBody extends StructuredBody {
  /** More pairs than this and the body is kept as text: no logger writes that many. */
  private static final int MAX_PAIRS = 256;

  /** Keys point into the body; values into {@link #values}, unescaped. */
  private final Members members = new Members();
  private boolean[] placed = new boolean[16];
  private byte[] values = new byte[256];
  /** The body last read. */
  private byte[] body;
  /** Where the last {@link #unquote} stopped writing in {@link #values}. */
  private int unquotedEnd;

  /**
   * Reads the pairs; false when the body is not logfmt (then it is plain text).
   *
   * @param strict every word must be a {@code key=value} pair and there must be two or more, so
   *     plain text with an {@code =} in it is not mistaken for logfmt (the {@code auto} parser);
   *     otherwise bare keys are allowed and one pair is enough (the pod asked for logfmt)
   */
  boolean read(byte[] b, int off, int len, boolean strict) {
    level = message = traceId = spanId = null;
    body = b;
    members.clear();
    if (values.length < len) {
      values = new byte[Math.max(len, values.length * 2)];
    }
    int end = off + len;
    int written = 0;
    int i = off;
    while (true) {
      while (i < end && (b[i] == ' ' || b[i] == '\t' || b[i] == '\r')) {
        i++;
      }
      if (i >= end) {
        break;
      }
      int ks = i;
      while (i < end && b[i] > ' ' && b[i] != '=' && b[i] != '"') {
        i++;
      }
      if (i == ks || members.count == MAX_PAIRS) {
        return false;
      }
      int ke = i;
      int vs = written;
      if (i < end && b[i] == '=') {
        i++;
        if (i < end && b[i] == '"') {
          int at = unquote(b, i + 1, end, written);
          if (at < 0) {
            return false;
          }
          written = unquotedEnd;
          i = at;
        } else {
          while (i < end && b[i] > ' ' && b[i] != '=' && b[i] != '"') {
            values[written++] = b[i++];
          }
        }
      } else if (strict) {
        return false;
      }
      if (i < end && b[i] != ' ' && b[i] != '\t' && b[i] != '\r') {
        return false;
      }
      int pair = members.add(ks, ke, vs, written);
      if (placed.length <= pair) {
        placed = Arrays.copyOf(placed, members.keyStart.length);
      }
      placed[pair] = false;
    }
    if (members.count < (strict ? 2 : 1)) {
      return false;
    }
    place(b);
    return true;
  }

  /** Unescapes a quoted value into {@link #values} from {@code at}; the index after the closing quote, or -1. */
  private int unquote(byte[] b, int i, int end, int at) {
    while (i < end) {
      byte c = b[i++];
      if (c == '"') {
        unquotedEnd = at;
        return i;
      }
      if (c == '\\' && i < end) {
        byte e = b[i++];
        values[at++] = switch (e) {
          case 'n' -> '\n';
          case 't' -> '\t';
          case 'r' -> '\r';
          default -> e;
        };
      } else {
        values[at++] = c;
      }
    }
    return -1;
  }

  /** Takes the first pair of each ECS home out; keys are compared as bytes, so only placed values become strings. */
  private void place(byte[] b) {
    for (int p = 0; p < members.count; p++) {
      int ks = members.keyStart[p];
      int ke = members.keyEnd[p];
      int home = homeOf(b, ks, ke);
      if (home == LEVEL && level == null) {
        level = levelOf(value(p));
      } else if (home == MESSAGE && message == null) {
        message = value(p);
      } else if (home == TRACE && traceId == null) {
        traceId = value(p);
      } else if (home == SPAN && spanId == null) {
        spanId = value(p);
      } else {
        continue;
      }
      placed[p] = true;
    }
  }

  private String value(int p) {
    return new String(values, members.valueStart[p], members.valueEnd[p] - members.valueStart[p], StandardCharsets.UTF_8);
  }

  @Override
  int memberCount() {
    return members.count;
  }

  @Override
  boolean placed(int m) {
    return placed[m];
  }

  @Override
  void writeMember(int m, JsonOut out) {
    out.string(body, members.keyStart[m], members.keyEnd[m] - members.keyStart[m]).raw((byte) ':');
    out.string(values, members.valueStart[m], members.valueEnd[m] - members.valueStart[m]);
  }

}
