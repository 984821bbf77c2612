package dev.trawl.collector.record;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A log body that is one JSON object: its level, message, trace and span ids go to their ECS
 * fields, every other member is copied under {@code json} with its JSON type. One validating pass
 * over the bytes (RFC 8259, nesting at most {@value #MAX_DEPTH} deep) notes where each top-level
 * member's key and value lie; the document then copies those tokens as written, so no tree, no
 * parser and no string is made for a line, except a level name that is not a known one. Not
 * thread-safe: one per {@link LogDocument}.
 */
final class JsonBody extends StructuredBody {
  private static final int MAX_DEPTH = 64;

  private byte[] b;
  /** Key and value tokens as written, as offsets into {@link #b}. */
  private final Members members = new Members();
  private int messageMember;
  private int levelMember;
  private int traceMember;
  private int spanMember;

  /** Reads the members; false when the body is not a single JSON object (then it is plain text). */
  boolean read(byte[] body, int off, int len) {
    b = body;
    members.clear();
    level = null;
    messageMember = levelMember = traceMember = spanMember = -1;
    int end = off + len;
    int i = skipSpace(off, end);
    if (i >= end || b[i] != '{') {
      return false;
    }
    i = skipSpace(i + 1, end);
    if (i < end && b[i] == '}') {
      i++;
    } else {
      while (true) {
        int ks = i;
        i = string(i, end);
        if (i < 0) {
          return false;
        }
        int ke = i;
        i = skipSpace(i, end);
        if (i >= end || b[i] != ':') {
          return false;
        }
        int vs = skipSpace(i + 1, end);
        i = value(vs, end, 1);
        if (i < 0) {
          return false;
        }
        members.add(ks, ke, vs, i);
        i = skipSpace(i, end);
        if (i >= end) {
          return false;
        }
        if (b[i] == '}') {
          i++;
          break;
        }
        if (b[i] != ',') {
          return false;
        }
        i = skipSpace(i + 1, end);
      }
    }
    if (skipSpace(i, end) != end) {
      return false;
    }
    placeKnownMembers();
    return true;
  }

  /** The first scalar (string, number, boolean) member under each home's keys takes the home. */
  private void placeKnownMembers() {
    for (int m = 0; m < members.count; m++) {
      int home = homeOf(m);
      members.home[m] = home;
      if (home == NO_HOME) {
        continue;
      }
      byte first = b[members.valueStart[m]];
      if (first == '{' || first == '[' || first == 'n') {
        continue;
      }
      if (home == LEVEL && levelMember < 0) {
        levelMember = m;
        level = normalizeLevel(m);
      } else if (home == MESSAGE && messageMember < 0) {
        messageMember = m;
      } else if (home == TRACE && traceMember < 0) {
        traceMember = m;
      } else if (home == SPAN && spanMember < 0) {
        spanMember = m;
      }
    }
  }

  /** The home of member {@code m}'s key, compared as bytes; a key written with escapes is decoded first. */
  private int homeOf(int m) {
    int ks = members.keyStart[m] + 1;
    int ke = members.keyEnd[m] - 1;
    for (int i = ks; i < ke; i++) {
      if (b[i] == '\\') {
        return homeOf(decode(members.keyStart[m], members.keyEnd[m]));
      }
    }
    return homeOf(b, ks, ke);
  }

  private boolean sameKey(int m, int other) {
    return other >= 0 && Arrays.equals(b, members.keyStart[m], members.keyEnd[m], b, members.keyStart[other], members.keyEnd[other]);
  }

  /** Level names as {@link LogLevel} reads them; pino/bunyan numbers (10 trace … 60 fatal) too. */
  private String normalizeLevel(int m) {
    int vs = members.valueStart[m];
    int ve = members.valueEnd[m];
    if (b[vs] == '"') {
      String known = hasEscape(vs, ve) ? null : LogLevel.leading(b, vs + 1, ve - vs - 2);
      return known != null ? known : levelOf(decode(vs, ve));
    }
    if (isInteger(vs, ve)) {
      long n = ve - vs > 4 ? (b[vs] == '-' ? Long.MIN_VALUE : Long.MAX_VALUE) : Long.parseLong(ascii(vs, ve));
      return n >= 60 ? "fatal" : n >= 50 ? "error" : n >= 40 ? "warn" : n >= 30 ? "info" : n >= 20 ? "debug" : "trace";
    }
    return levelOf(ascii(vs, ve));
  }

  private boolean hasEscape(int start, int end) {
    for (int i = start; i < end; i++) {
      if (b[i] == '\\') {
        return true;
      }
    }
    return false;
  }

  private boolean isInteger(int start, int end) {
    for (int i = b[start] == '-' ? start + 1 : start; i < end; i++) {
      if (b[i] < '0' || b[i] > '9') {
        return false;
      }
    }
    return true;
  }

  private String ascii(int start, int end) {
    return new String(b, start, end - start, StandardCharsets.US_ASCII);
  }

  @Override
  boolean hasMessage() {
    return messageMember >= 0;
  }

  @Override
  void writeMessage(JsonOut out) {
    writeAsString(messageMember, out);
  }

  @Override
  boolean hasTraceId() {
    return traceMember >= 0;
  }

  @Override
  void writeTraceId(JsonOut out) {
    writeAsString(traceMember, out);
  }

  @Override
  boolean hasSpanId() {
    return spanMember >= 0;
  }

  @Override
  void writeSpanId(JsonOut out) {
    writeAsString(spanMember, out);
  }

  /** A string token as written (its escapes are valid JSON); a number or boolean quoted. */
  private void writeAsString(int m, JsonOut out) {
    int vs = members.valueStart[m];
    int ve = members.valueEnd[m];
    if (b[vs] == '"') {
      out.raw(b, vs, ve - vs);
    } else {
      out.raw((byte) '"').raw(b, vs, ve - vs).raw((byte) '"');
    }
  }

  @Override
  int memberCount() {
    return members.count;
  }

  @Override
  void writeMember(int m, JsonOut out) {
    out.raw(b, members.keyStart[m], members.keyEnd[m] - members.keyStart[m]).raw((byte) ':')
        .raw(b, members.valueStart[m], members.valueEnd[m] - members.valueStart[m]);
  }

  /** Members that went to a home, and repeats of their keys; every trace or span key once either has a home. */
  @Override
  boolean placed(int m) {
    return switch (members.home[m]) {
      case LEVEL -> sameKey(m, levelMember);
      case MESSAGE -> sameKey(m, messageMember);
      case TRACE -> traceMember >= 0;
      case SPAN -> spanMember >= 0;
      default -> false;
    };
  }

  private int skipSpace(int i, int end) {
    while (i < end && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r')) {
      i++;
    }
    return i;
  }

  /** The end of the value at {@code i}, or -1 when it is not valid JSON. */
  private int value(int i, int end, int depth) {
    if (i >= end) {
      return -1;
    }
    return switch (b[i]) {
      case '"' -> string(i, end);
      case '{' -> depth >= MAX_DEPTH ? -1 : object(i, end, depth + 1);
      case '[' -> depth >= MAX_DEPTH ? -1 : array(i, end, depth + 1);
      case 't' -> literal(i, end, "true");
      case 'f' -> literal(i, end, "false");
      case 'n' -> literal(i, end, "null");
      default -> number(i, end);
    };
  }

  private int object(int i, int end, int depth) {
    i = skipSpace(i + 1, end);
    if (i < end && b[i] == '}') {
      return i + 1;
    }
    while (true) {
      i = string(i, end);
      if (i < 0) {
        return -1;
      }
      i = skipSpace(i, end);
      if (i >= end || b[i] != ':') {
        return -1;
      }
      i = value(skipSpace(i + 1, end), end, depth);
      if (i < 0) {
        return -1;
      }
      i = skipSpace(i, end);
      if (i >= end) {
        return -1;
      }
      if (b[i] == '}') {
        return i + 1;
      }
      if (b[i] != ',') {
        return -1;
      }
      i = skipSpace(i + 1, end);
    }
  }

  private int array(int i, int end, int depth) {
    i = skipSpace(i + 1, end);
    if (i < end && b[i] == ']') {
      return i + 1;
    }
    while (true) {
      i = value(i, end, depth);
      if (i < 0) {
        return -1;
      }
      i = skipSpace(i, end);
      if (i >= end) {
        return -1;
      }
      if (b[i] == ']') {
        return i + 1;
      }
      if (b[i] != ',') {
        return -1;
      }
      i = skipSpace(i + 1, end);
    }
  }

  /** The end of the string token at {@code i} (after its closing quote), or -1. */
  private int string(int i, int end) {
    if (i >= end || b[i] != '"') {
      return -1;
    }
    i++;
    while (i < end) {
      // eight bytes at a time up to the first that can be a quote, a backslash or a control character
      if (i + Long.BYTES <= end) {
        long special = JsonOut.specialBytes((long) JsonOut.LONGS.get(b, i));
        if (special == 0) {
          i += Long.BYTES;
          continue;
        }
        i += Long.numberOfTrailingZeros(special) >>> 3;
      }
      int c = b[i] & 0xff;
      if (c == '"') {
        return i + 1;
      }
      if (c < 0x20) {
        return -1;
      }
      if (c == '\\') {
        i = escapeEnd(i + 1, end);
        if (i < 0) {
          return -1;
        }
      } else {
        i++;
      }
    }
    return -1;
  }

  /** The end of the escape whose letter is at {@code i}, or -1 when it is not a JSON escape. */
  private int escapeEnd(int i, int end) {
    if (i >= end) {
      return -1;
    }
    switch (b[i]) {
      case '"', '\\', '/', 'b', 'f', 'n', 'r', 't' -> {
        return i + 1;
      }
      case 'u' -> {
        if (i + 4 >= end) {
          return -1;
        }
        for (int h = 1; h <= 4; h++) {
          if (Character.digit(b[i + h], 16) < 0) {
            return -1;
          }
        }
        return i + 5;
      }
      default -> {
        return -1;
      }
    }
  }

  private int literal(int i, int end, String word) {
    int n = word.length();
    if (end - i < n) {
      return -1;
    }
    for (int k = 0; k < n; k++) {
      if (b[i + k] != word.charAt(k)) {
        return -1;
      }
    }
    return i + n;
  }

  /** JSON's number grammar: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)? */
  private int number(int i, int end) {
    if (i < end && b[i] == '-') {
      i++;
    }
    if (i >= end) {
      return -1;
    }
    if (b[i] == '0') {
      i++;
    } else if (b[i] >= '1' && b[i] <= '9') {
      i = digits(i, end);
    } else {
      return -1;
    }
    if (i < end && b[i] == '.') {
      int after = digits(i + 1, end);
      if (after == i + 1) {
        return -1;
      }
      i = after;
    }
    if (i < end && (b[i] == 'e' || b[i] == 'E')) {
      i++;
      if (i < end && (b[i] == '+' || b[i] == '-')) {
        i++;
      }
      int after = digits(i, end);
      if (after == i) {
        return -1;
      }
      i = after;
    }
    return i;
  }

  private int digits(int i, int end) {
    while (i < end && b[i] >= '0' && b[i] <= '9') {
      i++;
    }
    return i;
  }

  /** The text of a string token (escapes resolved); only for keys and levels written with escapes. */
  private String decode(int start, int end) {
    StringBuilder s = new StringBuilder(end - start);
    String raw = new String(b, start + 1, end - start - 2, StandardCharsets.UTF_8);
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c != '\\') {
        s.append(c);
        continue;
      }
      char e = raw.charAt(++i);
      switch (e) {
        case 'b' -> s.append('\b');
        case 'f' -> s.append('\f');
        case 'n' -> s.append('\n');
        case 'r' -> s.append('\r');
        case 't' -> s.append('\t');
        case 'u' -> {
          s.append((char) Integer.parseInt(raw, i + 1, i + 5, 16));
          i += 4;
        }
        default -> s.append(e);
      }
    }
    return s.toString();
  }
}
