package dev.trawl.indexer.store;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trawl.indexer.series.SeriesKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.lucene.util.BytesRef;

/**
 * The field kinds of one partition, fixed on first sight (as Elasticsearch's dynamic mapping
 * does) and capped in number. Saved in each Lucene commit's user data so it survives restarts.
 * Thread-safe.
 */
public final class Mapping {
  static final String TIMESTAMP = "@timestamp";
  static final String MESSAGE = "message";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Map<String, FieldKind> kinds = new ConcurrentHashMap<>();
  private final int maxFields;
  private final Set<String> pointFields = ConcurrentHashMap.newKeySet();
  private volatile boolean textIds;
  private volatile boolean idTerms;
  private volatile boolean fieldsApart;

  /** A mapping that knows only {@code @timestamp} and {@code message}, holding at most {@code maxFields} fields. */
  public Mapping(int maxFields) {
    this.maxFields = maxFields;
    kinds.put(TIMESTAMP, FieldKind.DATE);
    kinds.put(MESSAGE, FieldKind.TEXT);
  }

  /** The field's kind, fixing it to {@code seen} on first sight; null when the field cap is reached. */
  FieldKind resolve(String field, FieldKind seen) {
    FieldKind kind = kinds.get(field);
    if (kind != null) {
      return kind;
    }
    // documents are built on several threads: one at a time adds a field, so the cap holds
    synchronized (this) {
      kind = kinds.get(field);
      if (kind != null) {
        return kind;
      }
      if (kinds.size() >= maxFields) {
        return null;
      }
      kinds.put(field, seen);
      return seen;
    }
  }

  /**
   * Gives {@code field} points again: a partition written before times and numbers lost their
   * points has them, and Lucene wants a field indexed alike in every document of an index.
   */
  void keepPoints(String field) {
    pointFields.add(field);
  }

  /** Whether {@code field}'s values also go into points (only in partitions written with them). */
  boolean points(String field) {
    return pointFields.contains(field);
  }

  /**
   * Keeps every {@code _id} as UTF-8: a partition written before {@link IdCodec} holds them so, and
   * a redelivered document must find its id in the form it was stored in.
   */
  void keepTextIds() {
    textIds = true;
  }

  boolean textIds() {
    return textIds;
  }

  /**
   * Keeps every {@code _id} as an indexed term and a stored field: a partition written before ids
   * went into sorted doc values holds them so, and each segment, merged or not, must hold them one way.
   */
  void keepIdTerms() {
    idTerms = true;
  }

  /**
   * Whether {@code _id} is an indexed, stored term; otherwise a sorted doc value, which holds each
   * id once (its terms dictionary answers whether an id is there, its ordinals which id a document has).
   */
  boolean idTerms() {
    return idTerms;
  }

  /** The bytes {@code id} is indexed and stored as in this partition. */
  BytesRef id(String id) {
    return textIds ? IdCodec.text(id) : IdCodec.encode(id);
  }

  /**
   * Indexes the per-container fields each on its own: a partition written before series keys
   * ({@link dev.trawl.indexer.series.SeriesKey}) holds them so, and each segment, merged or not,
   * must hold a field one way.
   */
  void keepFieldsApart() {
    fieldsApart = true;
  }

  /** Whether {@code field}'s keywords go into the document's series key. */
  boolean inSeries(String field) {
    return !fieldsApart && SeriesKey.holds(field);
  }

  boolean seriesKeys() {
    return !fieldsApart;
  }

  public FieldKind kind(String field) {
    return kinds.get(field);
  }

  public Map<String, FieldKind> fields() {
    return new TreeMap<>(kinds);
  }

  String toJson() {
    try {
      return JSON.writeValueAsString(fields());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  void load(String json) throws IOException {
    kinds.putAll(JSON.readValue(json, new TypeReference<Map<String, FieldKind>>() {}));
  }
}
