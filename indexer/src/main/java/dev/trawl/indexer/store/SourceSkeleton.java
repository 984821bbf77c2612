package dev.trawl.indexer.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.NumericUtils;

/**
 * A stored {@code _source} without the values that doc values hold anyway: the time, the numbers
 * and the keywords, which are most of what its compressed stored fields cost (the time and the
 * numbers change from one document to the next, and even keywords repeated from neighbours cost
 * the compressor a reference each). Each such value is cut out of the JSON text and a placeholder
 * left in its place; filling the placeholders from doc values gives back the text byte for byte.
 * A value is cut only when printing it from doc values gives exactly the bytes it was sent as
 * ({@code 42}, {@code 0.5}, {@code "2026-11-23T08:01:20.123456789Z"}, a string without escapes);
 * any other spelling stays in the text.
 *
 * <p>Placeholders are control bytes, which accepted JSON never holds outside a string escape
 * (Jackson refuses them raw), so the skeleton is read without ambiguity.
 */
public final class SourceSkeleton {
  /** The stored field holding a skeleton instead of {@link DocumentMapper#SOURCE}. */
  public static final String FIELD = "_source_skeleton";
  /** A long field's value. */
  static final byte LONG = 1;
  /** A double field's value, held in doc values as sortable bits. */
  static final byte DOUBLE = 2;
  /** A UTC time, followed by a byte with its count of fraction digits (0 to 9). */
  static final byte TIME = 3;
  /** A keyword field's value, a string without escapes. */
  static final byte KEYWORD = 4;
  private static final byte[] QUOTE = {'"'};
  private static final byte[] DATE_SEPARATORS = {'-', '-', 'T', ':', ':'};
  private static final long[] POWERS = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000, 1_000_000_000};

  /** Where the values of a document's fields are. */
  public interface Values {
    /** The single value of numeric {@code field} in the document at hand, as doc values hold it. */
    long of(String field) throws IOException;

    /** The single value of keyword {@code field} in the document at hand. */
    BytesRef keyword(String field) throws IOException;
  }

  /** Collects the values cut from one source, in the order they appear. */
  static final class Cuts {
    private int[] spans = new int[12];
    private int size;

    /** Cuts source[start, end) for a placeholder of {@code kind} (and {@code digits} for a time). */
    void add(int start, int end, byte kind, int digits) {
      if (size + 4 > spans.length) {
        spans = Arrays.copyOf(spans, spans.length * 2);
      }
      spans[size++] = start;
      spans[size++] = end;
      spans[size++] = kind;
      spans[size++] = digits;
    }

    boolean isEmpty() {
      return size == 0;
    }

    /** The skeleton of {@code source}. */
    byte[] skeleton(byte[] source) {
      int cut = 0;
      int placeholders = 0;
      for (int i = 0; i < size; i += 4) {
        cut += spans[i + 1] - spans[i];
        placeholders += spans[i + 2] == TIME ? 2 : 1;
      }
      byte[] out = new byte[source.length - cut + placeholders];
      int from = 0;
      int at = 0;
      for (int i = 0; i < size; i += 4) {
        int start = spans[i];
        System.arraycopy(source, from, out, at, start - from);
        at += start - from;
        out[at++] = (byte) spans[i + 2];
        if (spans[i + 2] == TIME) {
          out[at++] = (byte) spans[i + 3];
        }
        from = spans[i + 1];
      }
      System.arraycopy(source, from, out, at, source.length - from);
      return out;
    }
  }

  private SourceSkeleton() {}

  /** How a long is spelled when it is cut. */
  static byte[] printLong(long value) {
    return Long.toString(value).getBytes(StandardCharsets.US_ASCII);
  }

  /** How a double is spelled when it is cut. */
  static byte[] printDouble(double value) {
    return Double.toString(value).getBytes(StandardCharsets.US_ASCII);
  }

  /** How a UTC time is spelled when it is cut: {@code "yyyy-MM-ddTHH:mm:ss[.fraction]Z"}, quotes included. */
  static byte[] printTime(long epochNanos, int digits) {
    LocalDateTime t = LocalDateTime.ofEpochSecond(Math.floorDiv(epochNanos, 1_000_000_000L),
        (int) Math.floorMod(epochNanos, 1_000_000_000L), ZoneOffset.UTC);
    byte[] out = new byte[22 + (digits > 0 ? digits + 1 : 0)];
    out[0] = '"';
    int[] parts = {t.getYear(), t.getMonthValue(), t.getDayOfMonth(), t.getHour(), t.getMinute(), t.getSecond()};
    for (int i = 0, at = 1; i < parts.length; i++) {
      int width = i == 0 ? 4 : 2;
      put(out, at, parts[i], width);
      at += width;
      if (i < DATE_SEPARATORS.length) {
        out[at++] = DATE_SEPARATORS[i];
      }
    }
    int at = 20;
    if (digits > 0) {
      out[at++] = '.';
      put(out, at, t.getNano() / POWERS[9 - digits], digits);
      at += digits;
    }
    out[at++] = 'Z';
    out[at] = '"';
    return out;
  }

  private static void put(byte[] out, int at, long value, int width) {
    for (int i = at + width - 1; i >= at; i--) {
      out[i] = (byte) ('0' + value % 10);
      value /= 10;
    }
  }

  /** The source a skeleton was cut from, its placeholders filled from {@code values}. */
  public static byte[] fill(byte[] skeleton, Values values) throws IOException {
    Filler filler = new Filler(skeleton, values);
    filler.skipSpace();
    filler.object(0);
    return filler.finish();
  }

  /** Walks the skeleton's objects to know each placeholder's field, copying everything else as it is. */
  private static final class Filler {
    private final byte[] in;
    private final Values values;
    private byte[] out;
    private int outSize;
    private int pos;
    private int copiedUpTo;
    /** Start and end of the key being read at each depth of objects. */
    private int[] keys = new int[16];

    Filler(byte[] in, Values values) {
      this.in = in;
      this.values = values;
      this.out = new byte[in.length + 64];
    }

    void object(int depth) throws IOException {
      expect('{');
      skipSpace();
      if (in[pos] == '}') {
        pos++;
        return;
      }
      if (depth == keys.length / 2) {
        keys = Arrays.copyOf(keys, keys.length * 2);
      }
      while (true) {
        skipSpace();
        keys[2 * depth] = pos;
        skipString();
        keys[2 * depth + 1] = pos;
        skipSpace();
        expect(':');
        skipSpace();
        byte b = in[pos];
        switch (b) {
          case LONG, DOUBLE, TIME -> placeholder(depth, b);
          case KEYWORD -> keywordPlaceholder(depth);
          case '{' -> object(depth + 1);
          case '[' -> skipArray();
          case '"' -> skipString();
          default -> skipScalar();
        }
        skipSpace();
        if (in[pos] == '}') {
          pos++;
          return;
        }
        expect(',');
      }
    }

    private void placeholder(int depth, byte kind) throws IOException {
      write(copiedUpTo, pos);
      long raw = values.of(path(depth));
      byte[] text = switch (kind) {
        case LONG -> printLong(raw);
        case DOUBLE -> printDouble(NumericUtils.sortableLongToDouble(raw));
        default -> printTime(raw, in[++pos]);
      };
      write(text, 0, text.length);
      pos++;
      copiedUpTo = pos;
    }

    private void keywordPlaceholder(int depth) throws IOException {
      write(copiedUpTo, pos);
      BytesRef value = values.keyword(path(depth));
      write(QUOTE, 0, 1);
      write(value.bytes, value.offset, value.length);
      write(QUOTE, 0, 1);
      pos++;
      copiedUpTo = pos;
    }

    /** The dotted field name of the keys from the outermost object down to {@code depth}, built only for a placeholder. */
    private String path(int depth) {
      StringBuilder path = new StringBuilder();
      for (int d = 0; d <= depth; d++) {
        if (d > 0) {
          path.append('.');
        }
        path.append(key(keys[2 * d], keys[2 * d + 1]));
      }
      return path.toString();
    }

    private String key(int start, int end) {
      for (int i = start + 1; i < end - 1; i++) {
        if (in[i] == '\\') {
          try {
            return DocumentMapper.decodeString(Arrays.copyOfRange(in, start, end));
          } catch (IOException e) {
            throw corrupt("an unreadable key");
          }
        }
      }
      return new String(in, start + 1, end - start - 2, StandardCharsets.UTF_8);
    }

    private void skipString() {
      expect('"');
      while (in[pos] != '"') {
        pos += in[pos] == '\\' ? 2 : 1;
      }
      pos++;
    }

    private void skipArray() {
      expect('[');
      int depth = 1;
      while (depth > 0) {
        byte b = in[pos];
        if (b == '"') {
          skipString();
          continue;
        }
        depth += b == '[' || b == '{' ? 1 : b == ']' || b == '}' ? -1 : 0;
        pos++;
      }
    }

    private void skipScalar() {
      while (in[pos] != ',' && in[pos] != '}' && in[pos] != ']' && !space(in[pos])) {
        pos++;
      }
    }

    void skipSpace() {
      while (space(in[pos])) {
        pos++;
      }
    }

    private static boolean space(byte b) {
      return b == ' ' || b == '\n' || b == '\r' || b == '\t';
    }

    private void expect(char c) {
      if (in[pos] != c) {
        throw corrupt("'" + (char) in[pos] + "' where '" + c + "' belongs");
      }
      pos++;
    }

    private IllegalStateException corrupt(String what) {
      return new IllegalStateException("stored source skeleton has " + what + " at byte " + pos);
    }

    private void write(int from, int to) {
      write(in, from, to - from);
    }

    private void write(byte[] bytes, int from, int length) {
      if (outSize + length > out.length) {
        out = Arrays.copyOf(out, Math.max(out.length * 2, outSize + length));
      }
      System.arraycopy(bytes, from, out, outSize, length);
      outSize += length;
    }

    byte[] finish() {
      write(copiedUpTo, in.length);
      return outSize == out.length ? out : Arrays.copyOf(out, outSize);
    }
  }
}
