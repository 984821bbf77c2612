package dev.trawl.indexer.series;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.lucene.index.DocValuesType;
import org.apache.lucene.index.FieldInfo;
import org.apache.lucene.index.FieldInfos;
import org.apache.lucene.index.FilterLeafReader;
import org.apache.lucene.index.IndexOptions;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.SortedSetDocValues;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.VectorEncoding;
import org.apache.lucene.index.VectorSimilarityFunction;

/**
 * A segment whose documents hold series keys, read as if each field of the keys were a keyword
 * field of its own: indexed (documents only, no norms) with sorted-set doc values, as
 * {@link org.apache.lucene.document.KeywordField} writes them. The segment's {@link SeriesTable}
 * is read once and kept until the segment closes.
 */
final class SeriesLeafReader extends FilterLeafReader {
  private static final Map<Object, SeriesTable> TABLES = new ConcurrentHashMap<>();

  private final SeriesTable table;
  private final FieldInfos fieldInfos;

  private SeriesLeafReader(LeafReader in, SeriesTable table) {
    super(in);
    this.table = table;
    List<FieldInfo> infos = new ArrayList<>();
    int number = 0;
    for (FieldInfo info : in.getFieldInfos()) {
      infos.add(info);
      number = Math.max(number, info.number + 1);
    }
    for (String name : table.fieldNames()) {
      if (in.getFieldInfos().fieldInfo(name) == null) {
        infos.add(new FieldInfo(name, number++, false, true, false, IndexOptions.DOCS, DocValuesType.SORTED_SET, -1,
            Map.of(), 0, 0, 0, 0, VectorEncoding.FLOAT32, VectorSimilarityFunction.EUCLIDEAN, false, false));
      }
    }
    this.fieldInfos = new FieldInfos(infos.toArray(FieldInfo[]::new));
  }

  /** The segment with its series fields, or as it is when it has no series keys. */
  static LeafReader wrap(LeafReader reader) {
    FieldInfo series = reader.getFieldInfos().fieldInfo(SeriesKey.FIELD);
    if (series == null || series.getDocValuesType() != DocValuesType.SORTED) {
      return reader;
    }
    CacheHelper core = reader.getCoreCacheHelper();
    if (core == null) {
      return new SeriesLeafReader(reader, read(reader));
    }
    return new SeriesLeafReader(reader, TABLES.computeIfAbsent(core.getKey(), key -> {
      core.addClosedListener(TABLES::remove);
      return read(reader);
    }));
  }

  private static SeriesTable read(LeafReader reader) {
    try {
      return SeriesTable.read(reader);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  SeriesTable table() {
    return table;
  }

  /** The field's table when the keys hold it and the segment has no field of that name besides. */
  private SeriesTable.FieldTable given(String field) {
    return in.getFieldInfos().fieldInfo(field) == null ? table.field(field) : null;
  }

  @Override
  public FieldInfos getFieldInfos() {
    return fieldInfos;
  }

  @Override
  public Terms terms(String field) throws IOException {
    SeriesTable.FieldTable values = given(field);
    return values == null ? super.terms(field) : new SeriesTerms(values, table, in);
  }

  @Override
  public SortedSetDocValues getSortedSetDocValues(String field) throws IOException {
    SeriesTable.FieldTable values = given(field);
    return values == null ? super.getSortedSetDocValues(field)
        : new SeriesDocValues(values, in.getSortedDocValues(SeriesKey.FIELD));
  }

  @Override
  public CacheHelper getCoreCacheHelper() {
    return in.getCoreCacheHelper();
  }

  @Override
  public CacheHelper getReaderCacheHelper() {
    return in.getReaderCacheHelper();
  }
}
