package dev.trawl.indexer.store;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import dev.trawl.indexer.series.SeriesKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.DoubleField;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KeywordField;
import org.apache.lucene.document.LongField;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.SortedDocValuesField;
import org.apache.lucene.document.SortedNumericDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.NumericUtils;

/**
 * Turns a JSON document into Lucene fields. Objects flatten to dotted names
 * ({@code kubernetes.pod.name}; keys with dots are kept as they are, as ECS does); strings and
 * booleans become keywords, numbers longs or doubles, {@code message} analysed text,
 * {@code @timestamp} epoch nanoseconds. A value that conflicts with its field's kind, or a field
 * past the cap, stays in {@code _source} and is named in {@code _ignored}. Thread-safe.
 */
public final class DocumentMapper {
  public static final String ID = "_id";
  public static final String SOURCE = "_source";
  public static final String IGNORED = "_ignored";
  static final int MAX_DEPTH = 20;
  static final int MAX_KEYWORD_BYTES = 1024;
  private static final JsonFactory JSON = JsonFactory.builder()
      .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH + 1).build()).build();

  /** A value; [start, end) are its bytes in the source, quotes included. */
  private record Leaf(String path, JsonToken token, String text, int start, int end, boolean inArray) {}

  /** A parsed document waiting for its partition's mapping. */
  public static final class Parsed {
    private final String id;
    private final byte[] source;
    private final List<Leaf> leaves;
    /** Paths of more than one leaf (arrays, or {@code a.b} beside {@code a: {b}}): doc values hold them all together. */
    private final Set<String> repeatedPaths;
    private final long timestampNanos;

    private Parsed(String id, byte[] source, List<Leaf> leaves, Set<String> repeatedPaths, long timestampNanos) {
      this.id = id;
      this.source = source;
      this.leaves = leaves;
      this.repeatedPaths = repeatedPaths;
      this.timestampNanos = timestampNanos;
    }

    public long timestampNanos() {
      return timestampNanos;
    }
  }

  private DocumentMapper() {}

  /**
   * Parses and checks a document.
   *
   * @param nowNanos the timestamp of a document without {@code @timestamp}
   * @throws IllegalArgumentException with Elasticsearch's wording, for a 400 item
   */
  public static Parsed parse(String id, byte[] source, long nowNanos) {
    List<Leaf> leaves = new ArrayList<>();
    Long timestamp = null;
    try (JsonParser p = JSON.createParser(source)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new IllegalArgumentException("failed to parse: the document is not a JSON object");
      }
      flatten(p, "", leaves, false);
      if (p.nextToken() != null) {
        throw new IllegalArgumentException("failed to parse: the document holds more than one JSON value");
      }
    } catch (IOException e) {
      throw new IllegalArgumentException("failed to parse: " + firstLine(e.getMessage()));
    }
    Set<String> repeated = repeatedPaths(leaves);
    for (Leaf leaf : leaves) {
      if (leaf.path().equals(ID) || leaf.path().equals(SOURCE) || leaf.path().equals(IGNORED)
          || leaf.path().equals(SeriesKey.FIELD)) {
        throw new IllegalArgumentException("Field [" + leaf.path() + "] is a metadata field and cannot be added inside a document");
      }
      if (leaf.path().equals(Mapping.TIMESTAMP)) {
        if (timestamp != null) {
          throw new IllegalArgumentException("field [@timestamp] must have one value");
        }
        timestamp = leaf.token() == JsonToken.VALUE_NUMBER_INT
            ? Timestamps.millisToNanos(Long.parseLong(leaf.text()))
            : Timestamps.parseNanos(leaf.text());
      }
    }
    return new Parsed(id, source, leaves, repeated, timestamp == null ? nowNanos : timestamp);
  }

  /**
   * Paths of more than one leaf. A log record has a dozen or two leaves: comparing each with those
   * before it costs less than hashing them into a set, which a larger document is worth.
   */
  private static Set<String> repeatedPaths(List<Leaf> leaves) {
    Set<String> repeated = Set.of();
    int size = leaves.size();
    Set<String> seen = size > 32 ? new HashSet<>() : null;
    for (int i = 0; i < size; i++) {
      String path = leaves.get(i).path();
      boolean before = false;
      if (seen != null) {
        before = !seen.add(path);
      } else {
        for (int j = 0; j < i && !before; j++) {
          before = leaves.get(j).path().equals(path);
        }
      }
      if (before) {
        repeated = repeated.isEmpty() ? new HashSet<>() : repeated;
        repeated.add(path);
      }
    }
    return repeated;
  }

  /** The values of {@code path} in a stored source, as the text its field's analysis read, in order. */
  public static List<String> texts(byte[] source, String path) {
    List<String> texts = new ArrayList<>();
    for (Leaf leaf : parse(null, source, 0).leaves) {
      if (leaf.path().equals(path)) {
        texts.add(leaf.text());
      }
    }
    return texts;
  }

  private static void flatten(JsonParser p, String prefix, List<Leaf> out, boolean inArray) throws IOException {
    JsonToken t;
    while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
      String path = prefix.isEmpty() ? p.currentName() : prefix + "." + p.currentName();
      value(p, p.nextToken(), path, out, inArray);
    }
  }

  private static void value(JsonParser p, JsonToken t, String path, List<Leaf> out, boolean inArray) throws IOException {
    switch (t) {
      case START_OBJECT -> flatten(p, path, out, inArray);
      case START_ARRAY -> {
        JsonToken item;
        while ((item = p.nextToken()) != JsonToken.END_ARRAY) {
          value(p, item, path, out, true);
        }
      }
      case VALUE_NULL -> { }
      default -> {
        int start = (int) p.currentTokenLocation().getByteOffset();
        String text = p.getText();
        out.add(new Leaf(path, t, text, start, (int) p.currentLocation().getByteOffset(), inArray));
      }
    }
  }

  /**
   * Builds the Lucene document with the partition's mapping. The source is stored as a
   * {@link SourceSkeleton} when doc values can give back some of its values.
   */
  public static MappedDocument build(Parsed parsed, Mapping mapping) {
    return build(parsed, mapping, mapping.id(parsed.id));
  }

  /** As {@link #build(Parsed, Mapping)}, with the id as {@link Mapping#id} gave it, so it is encoded once. */
  static MappedDocument build(Parsed parsed, Mapping mapping, BytesRef idTerm) {
    Document doc = new Document();
    int ignored = 0;
    SourceSkeleton.Cuts cuts = new SourceSkeleton.Cuts();
    SeriesKey.Builder series = new SeriesKey.Builder();
    doc.add(mapping.idTerms() ? new StringField(ID, idTerm, Field.Store.YES) : new SortedDocValuesField(ID, idTerm));
    doc.add(new NumericDocValuesField(Mapping.TIMESTAMP, parsed.timestampNanos));
    if (mapping.points(Mapping.TIMESTAMP)) {
      doc.add(new LongPoint(Mapping.TIMESTAMP, parsed.timestampNanos));
    }
    for (Leaf leaf : parsed.leaves) {
      if (leaf.path().equals(Mapping.TIMESTAMP)) {
        int digits = leaf.token() == JsonToken.VALUE_STRING ? Timestamps.plainUtcFractionDigits(leaf.text()) : -1;
        // the plain shape is printed back as it was read; sent without escapes, its bytes are its text
        if (digits >= 0 && leaf.end() - leaf.start() == leaf.text().length() + 2 && onlyValue(parsed, leaf)) {
          cuts.add(leaf.start(), leaf.end(), leaf.path(), SourceSkeleton.TIME, digits);
        }
        continue;
      }
      FieldKind kind = mapping.resolve(leaf.path(), seenKind(leaf.token()));
      Field field = kind == null ? null : field(leaf, kind, mapping, parsed.source);
      boolean inSeries = field != null && kind == FieldKind.KEYWORD && mapping.inSeries(leaf.path());
      if (field == null || inSeries && !series.add(leaf.path(), field.binaryValue())) {
        doc.add(new KeywordField(IGNORED, leaf.path(), Field.Store.NO));
        ignored++;
        continue;
      }
      if (!inSeries) {
        doc.add(field);
      }
      if (kind == FieldKind.TEXT && leaf.token() == JsonToken.VALUE_STRING && onlyValue(parsed, leaf)) {
        cuts.add(leaf.start(), leaf.end(), leaf.path(), SourceSkeleton.TEXT, 0);
      } else if (kind == FieldKind.KEYWORD && leaf.token() == JsonToken.VALUE_STRING) {
        cutKeyword(parsed, leaf, field.binaryValue(), cuts);
      } else if (kind == FieldKind.LONG && leaf.token() == JsonToken.VALUE_NUMBER_INT) {
        // JSON spells an integer as Java does, but for -0
        if (!leaf.text().equals("-0") && leaf.end() - leaf.start() == leaf.text().length() && onlyValue(parsed, leaf)) {
          cuts.add(leaf.start(), leaf.end(), leaf.path(), SourceSkeleton.LONG, 0);
        }
      } else if (kind == FieldKind.DOUBLE && leaf.token() == JsonToken.VALUE_NUMBER_FLOAT) {
        cut(parsed, leaf, SourceSkeleton.printDouble(
            NumericUtils.sortableLongToDouble(field.numericValue().longValue())), SourceSkeleton.DOUBLE, cuts);
      }
    }
    if (!series.isEmpty()) {
      BytesRef key = series.key();
      doc.add(new StringField(SeriesKey.FIELD, key, Field.Store.NO));
      doc.add(new SortedDocValuesField(SeriesKey.FIELD, key));
    }
    if (cuts.isEmpty()) {
      doc.add(new StoredField(SOURCE, new BytesRef(parsed.source)));
    } else {
      doc.add(new StoredField(SourceSkeleton.FIELD, new BytesRef(cuts.skeleton(parsed.source))));
      byte[] texts = cuts.texts(parsed.source);
      if (texts != null) {
        doc.add(new StoredField(SourceSkeleton.TEXTS, new BytesRef(texts)));
      }
    }
    return new MappedDocument(doc, ignored);
  }

  /**
   * Cuts a value out of the stored source when doc values give it back as {@code printed}, the
   * exact bytes it was sent as, and it is its field's only value (so the doc value is its own).
   */
  private static void cut(Parsed parsed, Leaf leaf, byte[] printed, byte kind, SourceSkeleton.Cuts cuts) {
    if (leaf.end() - leaf.start() == printed.length
        && Arrays.equals(parsed.source, leaf.start(), leaf.end(), printed, 0, printed.length) && onlyValue(parsed, leaf)) {
      cuts.add(leaf.start(), leaf.end(), leaf.path(), kind, 0);
    }
  }

  /** Cuts a keyword sent as its UTF-8 bytes between quotes, with no escape. */
  private static void cutKeyword(Parsed parsed, Leaf leaf, BytesRef value, SourceSkeleton.Cuts cuts) {
    if (leaf.end() - leaf.start() == value.length + 2
        && Arrays.equals(parsed.source, leaf.start() + 1, leaf.end() - 1, value.bytes, value.offset, value.offset + value.length)
        && onlyValue(parsed, leaf)) {
      cuts.add(leaf.start(), leaf.end(), leaf.path(), SourceSkeleton.KEYWORD, 0);
    }
  }

  private static boolean onlyValue(Parsed parsed, Leaf leaf) {
    return !leaf.inArray() && !parsed.repeatedPaths.contains(leaf.path());
  }

  private static FieldKind seenKind(JsonToken token) {
    return switch (token) {
      case VALUE_NUMBER_INT -> FieldKind.LONG;
      case VALUE_NUMBER_FLOAT -> FieldKind.DOUBLE;
      default -> FieldKind.KEYWORD;
    };
  }

  /**
   * The field for a value of a given kind, or null when the value does not fit the kind. Numbers
   * are doc values only, as Elasticsearch's {@code index: false} numbers: points cost about three
   * bytes a document per field on disk (a leaf's document ids, in no order) and their trees' build
   * at every flush, while a log search filters by time and words first and checks a number on what
   * they leave; partitions written with points keep them.
   */
  private static Field field(Leaf leaf, FieldKind kind, Mapping mapping, byte[] source) {
    return switch (kind) {
      case TEXT -> new TextField(leaf.path(), leaf.text(), Field.Store.NO);
      case KEYWORD -> keyword(leaf, source);
      case LONG -> number(leaf, Long::parseLong, v -> mapping.points(leaf.path())
          ? new LongField(leaf.path(), v, Field.Store.NO) : new SortedNumericDocValuesField(leaf.path(), v));
      case DOUBLE -> number(leaf, Double::parseDouble, v -> mapping.points(leaf.path())
          ? new DoubleField(leaf.path(), v, Field.Store.NO)
          : new SortedNumericDocValuesField(leaf.path(), NumericUtils.doubleToSortableLong(v)));
      case DATE -> null;
    };
  }

  /**
   * A keyword, or null when it is longer than a keyword may be. A string sent without escapes is
   * its own UTF-8 between the quotes, so its bytes are taken from the source as they are.
   */
  private static Field keyword(Leaf leaf, byte[] source) {
    int from = leaf.start() + 1;
    int to = leaf.end() - 1;
    if (leaf.token() == JsonToken.VALUE_STRING && to >= from && source[from - 1] == '"' && source[to] == '"'
        && !hasBackslash(source, from, to)) {
      return to - from <= MAX_KEYWORD_BYTES ? new KeywordField(leaf.path(), new BytesRef(source, from, to - from), Field.Store.NO) : null;
    }
    return leaf.text().length() * 3 <= MAX_KEYWORD_BYTES || leaf.text().getBytes(StandardCharsets.UTF_8).length <= MAX_KEYWORD_BYTES
        ? new KeywordField(leaf.path(), leaf.text(), Field.Store.NO) : null;
  }

  private static boolean hasBackslash(byte[] bytes, int from, int to) {
    for (int i = from; i < to; i++) {
      if (bytes[i] == '\\') {
        return true;
      }
    }
    return false;
  }

  private static <T> Field number(Leaf leaf, Function<String, T> parse, Function<T, Field> make) {
    if (leaf.token() != JsonToken.VALUE_NUMBER_INT && leaf.token() != JsonToken.VALUE_NUMBER_FLOAT
        && leaf.token() != JsonToken.VALUE_STRING) {
      return null;
    }
    try {
      return make.apply(parse.apply(leaf.text().trim()));
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "unreadable JSON";
    }
    int nl = message.indexOf('\n');
    return nl > 0 ? message.substring(0, nl) : message;
  }
}
