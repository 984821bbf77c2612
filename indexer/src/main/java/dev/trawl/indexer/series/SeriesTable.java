package dev.trawl.indexer.series;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.SortedDocValues;
import org.apache.lucene.index.TermState;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.util.BytesRef;

/**
 * One segment's series keys turned field by field: each field's values in order, the series
 * each value is in, and each series' values. Series are numbered by their keys' ordinals in the
 * segment's {@code _series} doc values. Immutable once read; shared by the searches of a segment.
 */
final class SeriesTable {
  private final Map<String, FieldTable> fields;
  /** Per series: documents holding it (deleted ones too, as Lucene counts them) and its term's state, or null. */
  private final int[] docFreqs;
  private final TermState[] states;
  private final BytesRef[] keys;

  /** One field's values and where they are. */
  static final class FieldTable {
    final BytesRef[] values;
    final int[][] seriesOfValue;
    final int[] docFreqs;
    /** Series {@code s}'s ordinals of this field are {@code ords[ordStart[s]]} to {@code ords[ordStart[s + 1]]}, ascending. */
    final int[] ordStart;
    final int[] ords;
    final int docCount;
    final long sumDocFreq;

    private FieldTable(TreeMap<BytesRef, List<Integer>> series, int seriesCount, int[] seriesDocFreqs) {
      int size = series.size();
      values = new BytesRef[size];
      seriesOfValue = new int[size][];
      docFreqs = new int[size];
      int[] perSeries = new int[seriesCount + 1];
      int v = 0;
      long sum = 0;
      for (Map.Entry<BytesRef, List<Integer>> value : series.entrySet()) {
        values[v] = value.getKey();
        seriesOfValue[v] = value.getValue().stream().mapToInt(Integer::intValue).toArray();
        for (int s : seriesOfValue[v]) {
          docFreqs[v] += seriesDocFreqs[s];
          perSeries[s + 1]++;
        }
        sum += docFreqs[v];
        v++;
      }
      sumDocFreq = sum;
      int withField = 0;
      for (int s = 0; s < seriesCount; s++) {
        if (perSeries[s + 1] > 0) {
          withField += seriesDocFreqs[s];
        }
        perSeries[s + 1] += perSeries[s];
      }
      docCount = withField;
      ordStart = perSeries.clone();
      ords = new int[perSeries[seriesCount]];
      int[] next = perSeries;
      for (v = 0; v < size; v++) {
        for (int s : seriesOfValue[v]) {
          ords[next[s]++] = v;
        }
      }
    }
  }

  private SeriesTable(Map<String, FieldTable> fields, int[] docFreqs, TermState[] states, BytesRef[] keys) {
    this.fields = fields;
    this.keys = keys;
    this.docFreqs = docFreqs;
    this.states = states;
  }

  /** Reads the series of a segment that has {@code _series} doc values. */
  static SeriesTable read(LeafReader reader) throws IOException {
    SortedDocValues keys = reader.getSortedDocValues(SeriesKey.FIELD);
    int count = keys.getValueCount();
    int[] docFreqs = new int[count];
    TermState[] states = new TermState[count];
    Terms terms = reader.terms(SeriesKey.FIELD);
    if (terms != null) {
      TermsEnum it = terms.iterator();
      for (BytesRef term = it.next(); term != null; term = it.next()) {
        int s = keys.lookupTerm(term);
        if (s >= 0) {
          docFreqs[s] = it.docFreq();
          states[s] = it.termState();
        }
      }
    }
    Map<String, TreeMap<BytesRef, List<Integer>>> byField = new HashMap<>();
    BytesRef[] copies = new BytesRef[count];
    for (int s = 0; s < count; s++) {
      int series = s;
      copies[s] = BytesRef.deepCopyOf(keys.lookupOrd(s));
      SeriesKey.forEach(copies[s], (field, value) -> byField
          .computeIfAbsent(field, f -> new TreeMap<>()).computeIfAbsent(value, v -> new ArrayList<>(1)).add(series));
    }
    Map<String, FieldTable> fields = new HashMap<>();
    byField.forEach((field, values) -> fields.put(field, new FieldTable(values, count, docFreqs)));
    return new SeriesTable(fields, docFreqs, states, copies);
  }

  Set<String> fieldNames() {
    return fields.keySet();
  }

  /** The field's table, or null when no series of the segment holds it. */
  FieldTable field(String name) {
    return fields.get(name);
  }

  int docFreq(int series) {
    return docFreqs[series];
  }

  TermState state(int series) {
    return states[series];
  }

  BytesRef key(int series) {
    return keys[series];
  }
}
