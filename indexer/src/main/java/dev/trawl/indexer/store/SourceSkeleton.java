package dev.trawl.indexer.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import org.apache.lucene.store.ByteArrayDataInput;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.NumericUtils;

/**
 * A stored {@code _source} without the values that doc values hold anyway: the time, the numbers
 * and the keywords, which are most of what its compressed stored fields cost (the time and the
 * numbers change from one document to the next, and even keywords repeated from neighbours cost
 * the compressor a reference each). Each such value is cut out of the JSON text; filling them back
 * from doc values gives the text byte for byte. A value is cut only when printing it from doc
 * values gives exactly the bytes it was sent as ({@code 42}, {@code 0.5},
 * {@code "2026-11-23T08:01:20.123456789Z"}, a string without escapes); any other spelling stays in
 * the text. A text field's string is cut too, whatever its spelling, and kept apart in
 * {@link #TEXTS}.
 *
 * <p>A skeleton is a header, then the text without the cut values. The header holds the number of
 * cuts; for each what it was (its kind) and its field's name; then for each where it was (the text
 * bytes since the previous one) and, for a time, its fraction digits. Filling copies runs of text between
 * the cuts without reading them. Documents of one stream cut the same fields, so the fields part of
 * their headers is the same: it compresses to little, and is resolved to fields once.
 */
public final class SourceSkeleton {
  /** The stored field holding a skeleton instead of {@link DocumentMapper#SOURCE}. */
  public static final String FIELD = "_source_skeleton";
  /** A long field's value. */
  static final byte LONG = 1;
  /** A double field's value, held in doc values as sortable bits. */
  static final byte DOUBLE = 2;
  /** A UTC time, with its count of fraction digits (0 to 9). */
  static final byte TIME = 3;
  /** A keyword field's value, a string without escapes. */
  static final byte KEYWORD = 4;
  /**
   * A text field's string, as it was sent (escapes and all): its bytes go to {@link #TEXTS}, so
   * that the skeletons of one stream's documents are alike and compress to next to nothing, and the
   * texts compress beside each other.
   */
  static final byte TEXT = 5;
  /** The stored field holding, for a skeleton with text cuts, each text's length and bytes between its quotes. */
  public static final String TEXTS = "_source_texts";
  private static final byte[] DATE_SEPARATORS = {'-', '-', 'T', ':', ':'};
  private static final long[] POWERS = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000, 1_000_000_000};

  /** Where a segment's fields keep their values. */
  public interface Fields {
    /** The values of {@code field}, asked for documents in increasing order. */
    FieldValues field(String field) throws IOException;
  }

  /** One field's values. */
  public interface FieldValues {
    /** The single numeric value of the document, as doc values hold it (a double as sortable bits). */
    long number(int doc) throws IOException;

    /** The single keyword value of the document. */
    BytesRef keyword(int doc) throws IOException;
  }

  /** Collects the values cut from one source, in the order they appear. */
  static final class Cuts {
    private int[] spans = new int[12];
    private byte[][] fields = new byte[3][];
    private int size;

    /** Cuts source[start, end), a value of {@code field} of {@code kind} (and {@code digits} for a time). */
    void add(int start, int end, String field, byte kind, int digits) {
      if (size == fields.length) {
        spans = Arrays.copyOf(spans, size * 8);
        fields = Arrays.copyOf(fields, size * 2);
      }
      spans[4 * size] = start;
      spans[4 * size + 1] = end;
      spans[4 * size + 2] = kind;
      spans[4 * size + 3] = digits;
      fields[size++] = field.getBytes(StandardCharsets.UTF_8);
    }

    boolean isEmpty() {
      return size == 0;
    }

    /** The texts cut from {@code source}, for {@link #TEXTS}; null when none was. */
    byte[] texts(byte[] source) {
      int length = 0;
      for (int i = 0; i < size; i++) {
        if (spans[4 * i + 2] == TEXT) {
          length += 5 + spans[4 * i + 1] - spans[4 * i];
        }
      }
      if (length == 0) {
        return null;
      }
      byte[] out = new byte[length];
      int at = 0;
      for (int i = 0; i < size; i++) {
        if (spans[4 * i + 2] == TEXT) {
          int from = spans[4 * i] + 1;
          int to = spans[4 * i + 1] - 1;
          at = writeVInt(out, at, to - from);
          System.arraycopy(source, from, out, at, to - from);
          at += to - from;
        }
      }
      return Arrays.copyOf(out, at);
    }

    /** The skeleton of {@code source}. */
    byte[] skeleton(byte[] source) {
      // a vInt takes at most 5 bytes
      byte[] header = new byte[5 + 12 * size + Arrays.stream(fields, 0, size).mapToInt(f -> f.length).sum()];
      int headerLength = writeVInt(header, 0, size);
      for (int i = 0; i < size; i++) {
        header[headerLength++] = (byte) spans[4 * i + 2];
        headerLength = writeVInt(header, headerLength, fields[i].length);
        System.arraycopy(fields[i], 0, header, headerLength, fields[i].length);
        headerLength += fields[i].length;
      }
      int cut = 0;
      int from = 0;
      for (int i = 0; i < size; i++) {
        int start = spans[4 * i];
        headerLength = writeVInt(header, headerLength, start - from);
        if (spans[4 * i + 2] == TIME) {
          // apart from the fields: the digits of times of one field vary where a client drops trailing zeros
          header[headerLength++] = (byte) spans[4 * i + 3];
        }
        from = spans[4 * i + 1];
        cut += from - start;
      }
      byte[] out = Arrays.copyOf(header, headerLength + source.length - cut);
      int at = headerLength;
      from = 0;
      for (int i = 0; i < size; i++) {
        int start = spans[4 * i];
        System.arraycopy(source, from, out, at, start - from);
        at += start - from;
        from = spans[4 * i + 1];
      }
      System.arraycopy(source, from, out, at, source.length - from);
      return out;
    }
  }

  private SourceSkeleton() {}

  /** Writes {@code value} as Lucene's vInt (seven bits a byte, low first), which {@link ByteArrayDataInput} reads. */
  private static int writeVInt(byte[] out, int at, int value) {
    while ((value & ~0x7F) != 0) {
      out[at++] = (byte) ((value & 0x7F) | 0x80);
      value >>>= 7;
    }
    out[at++] = (byte) value;
    return at;
  }

  /** Writes a long as Java spells it (no sign but a minus, no leading zero); returns where it ends. */
  private static int writeLong(byte[] out, int at, long value) {
    if (value == Long.MIN_VALUE) {
      byte[] text = Long.toString(value).getBytes(StandardCharsets.US_ASCII);
      System.arraycopy(text, 0, out, at, text.length);
      return at + text.length;
    }
    if (value < 0) {
      out[at++] = '-';
      value = -value;
    }
    int digits = 1;
    for (long rest = value / 10; rest > 0; rest /= 10) {
      digits++;
    }
    put(out, at, value, digits);
    return at + digits;
  }

  /** How a double is spelled when it is cut. */
  static byte[] printDouble(double value) {
    return Double.toString(value).getBytes(StandardCharsets.US_ASCII);
  }

  private static void put(byte[] out, int at, long value, int width) {
    for (int i = at + width - 1; i >= at; i--) {
      out[i] = (byte) ('0' + value % 10);
      value /= 10;
    }
  }

  /**
   * Fills the skeletons of one segment's documents, in increasing document order, back into the
   * sources they were cut from. A header whose fields are those of the previous document's is not
   * resolved again. Not thread-safe.
   */
  public static final class Filler {
    private final Fields fields;
    /** The kinds and fields of the previous document's cuts, as its header had them, and resolved. */
    private byte[] fieldsBlock = new byte[0];
    private int fieldsBlockLength;
    private byte[] kinds;
    /** Per cut of the document at hand: the text bytes before it, and a time's fraction digits. */
    private int[] gaps;
    private int[] digits;
    private FieldValues[] values;
    private final ByteArrayDataInput header = new ByteArrayDataInput();
    private final ByteArrayDataInput texts = new ByteArrayDataInput();
    /** The last time's second, and its text up to the fraction: {@code "yyyy-MM-ddTHH:mm:ss}. */
    private long second = Long.MIN_VALUE;
    private final byte[] secondText = new byte[20];

    public Filler(Fields fields) {
      this.fields = fields;
    }

    /**
     * The source whose skeleton is {@code skeleton}, of document {@code doc}, with {@code texts} the
     * document's {@link #TEXTS} (null when it has none).
     */
    public byte[] fill(byte[] skeleton, byte[] texts, int doc) throws IOException {
      header.reset(skeleton);
      // never the texts of the document before
      this.texts.reset(texts == null ? BytesRef.EMPTY_BYTES : texts);
      int cuts = header.readVInt();
      int fieldsStart = header.getPosition();
      for (int i = 0; i < cuts; i++) {
        header.skipBytes(1);
        header.skipBytes(header.readVInt());
      }
      int fieldsEnd = header.getPosition();
      if (!Arrays.equals(fieldsBlock, 0, fieldsBlockLength, skeleton, fieldsStart, fieldsEnd)) {
        resolve(skeleton, cuts, fieldsStart, fieldsEnd);
      }
      for (int i = 0; i < cuts; i++) {
        gaps[i] = header.readVInt();
        if (kinds[i] == TIME) {
          digits[i] = header.readByte();
        }
      }
      int text = header.getPosition();
      byte[] out = new byte[skeleton.length - text + 64 + cuts * 24];
      int at = 0;
      for (int i = 0; i < cuts; i++) {
        int gap = gaps[i];
        if (at + gap + 64 > out.length) {
          out = Arrays.copyOf(out, Math.max(out.length * 2, at + gap + 64));
        }
        System.arraycopy(skeleton, text, out, at, gap);
        at += gap;
        text += gap;
        if (kinds[i] == TEXT) {
          int length = this.texts.readVInt();
          if (at + length + 2 > out.length) {
            out = Arrays.copyOf(out, Math.max(out.length * 2, at + length + 64));
          }
          out[at++] = '"';
          this.texts.readBytes(out, at, length);
          at += length;
          out[at++] = '"';
          continue;
        }
        if (kinds[i] == KEYWORD) {
          BytesRef keyword = values[i].keyword(doc);
          if (at + keyword.length + 2 > out.length) {
            out = Arrays.copyOf(out, Math.max(out.length * 2, at + keyword.length + 64));
          }
          out[at++] = '"';
          System.arraycopy(keyword.bytes, keyword.offset, out, at, keyword.length);
          at += keyword.length;
          out[at++] = '"';
          continue;
        }
        long raw = values[i].number(doc);
        if (kinds[i] == LONG) {
          at = writeLong(out, at, raw);
          continue;
        }
        byte[] value = switch (kinds[i]) {
          case DOUBLE -> printDouble(NumericUtils.sortableLongToDouble(raw));
          case TIME -> time(raw, digits[i]);
          default -> throw new IllegalStateException("stored source skeleton has an unknown kind of value: " + kinds[i]);
        };
        System.arraycopy(value, 0, out, at, value.length);
        at += value.length;
      }
      int rest = skeleton.length - text;
      if (at + rest > out.length) {
        out = Arrays.copyOf(out, at + rest);
      }
      System.arraycopy(skeleton, text, out, at, rest);
      return at + rest == out.length ? out : Arrays.copyOf(out, at + rest);
    }

    /** Reads the kinds and fields of the cuts from a header unlike the previous document's. */
    private void resolve(byte[] skeleton, int cuts, int fieldsStart, int fieldsEnd) throws IOException {
      fieldsBlock = Arrays.copyOfRange(skeleton, fieldsStart, fieldsEnd);
      fieldsBlockLength = fieldsBlock.length;
      kinds = new byte[cuts];
      gaps = new int[cuts];
      digits = new int[cuts];
      values = new FieldValues[cuts];
      ByteArrayDataInput block = new ByteArrayDataInput(fieldsBlock);
      for (int i = 0; i < cuts; i++) {
        kinds[i] = block.readByte();
        int length = block.readVInt();
        String name = new String(fieldsBlock, block.getPosition(), length, StandardCharsets.UTF_8);
        block.skipBytes(length);
        values[i] = kinds[i] == TEXT ? null : fields.field(name);
      }
    }

    /** A UTC time spelled {@code "yyyy-MM-ddTHH:mm:ss[.fraction]Z"}, quotes included; hits on a page share their seconds. */
    private byte[] time(long epochNanos, int digits) {
      long second = Math.floorDiv(epochNanos, 1_000_000_000L);
      if (second != this.second) {
        LocalDateTime t = LocalDateTime.ofEpochSecond(second, 0, ZoneOffset.UTC);
        secondText[0] = '"';
        int[] parts = {t.getYear(), t.getMonthValue(), t.getDayOfMonth(), t.getHour(), t.getMinute(), t.getSecond()};
        for (int i = 0, at = 1; i < parts.length; i++) {
          int width = i == 0 ? 4 : 2;
          put(secondText, at, parts[i], width);
          at += width;
          if (i < DATE_SEPARATORS.length) {
            secondText[at++] = DATE_SEPARATORS[i];
          }
        }
        this.second = second;
      }
      byte[] out = new byte[22 + (digits > 0 ? digits + 1 : 0)];
      System.arraycopy(secondText, 0, out, 0, secondText.length);
      int at = secondText.length;
      if (digits > 0) {
        out[at++] = '.';
        put(out, at, Math.floorMod(epochNanos, 1_000_000_000L) / POWERS[9 - digits], digits);
        at += digits;
      }
      out[at++] = 'Z';
      out[at] = '"';
      return out;
    }
  }
}
