package dev.trawl.indexer.series;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.SortedDocValues;
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
  /** Per series: documents holding it, deleted ones too, as Lucene counts them. */
  private final int[] docFreqs;

  /**
   * One field's values and where they are, packed in a few arrays rather than an object per value
   * (many values, a pod's name or a file's path, belong to one series alone).
   */
  static final class FieldTable {
    /** Value {@code v} is {@code valueBytes[valueStart[v]]} to {@code valueBytes[valueStart[v + 1]]}, in order. */
    private final byte[] valueBytes;
    private final int[] valueStart;
    /** Value {@code v} is in series {@code series[seriesStart[v]]} to {@code series[seriesStart[v + 1]]}. */
    private final int[] seriesStart;
    private final int[] series;
    final int[] docFreqs;
    /** Series {@code s}'s ordinals of this field are {@code ords[ordStart[s]]} to {@code ords[ordStart[s + 1]]}, ascending. */
    final int[] ordStart;
    final int[] ords;
    final int docCount;
    final long sumDocFreq;

    private FieldTable(TreeMap<BytesRef, List<Integer>> values, int seriesCount, int[] seriesDocFreqs) {
      int size = values.size();
      valueStart = new int[size + 1];
      seriesStart = new int[size + 1];
      int v = 0;
      for (Map.Entry<BytesRef, List<Integer>> value : values.entrySet()) {
        valueStart[v + 1] = valueStart[v] + value.getKey().length;
        seriesStart[v + 1] = seriesStart[v] + value.getValue().size();
        v++;
      }
      valueBytes = new byte[valueStart[size]];
      series = new int[seriesStart[size]];
      docFreqs = new int[size];
      int[] perSeries = new int[seriesCount + 1];
      long sum = 0;
      v = 0;
      for (Map.Entry<BytesRef, List<Integer>> value : values.entrySet()) {
        BytesRef bytes = value.getKey();
        System.arraycopy(bytes.bytes, bytes.offset, valueBytes, valueStart[v], bytes.length);
        int at = seriesStart[v];
        for (int s : value.getValue()) {
          series[at++] = s;
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
        for (int i = seriesStart[v]; i < seriesStart[v + 1]; i++) {
          ords[next[series[i]]++] = v;
        }
      }
    }

    int size() {
      return docFreqs.length;
    }

    /** Value {@code v}'s bytes, pointed to by {@code into}. */
    BytesRef value(int v, BytesRef into) {
      into.bytes = valueBytes;
      into.offset = valueStart[v];
      into.length = valueStart[v + 1] - valueStart[v];
      return into;
    }

    /** The value's ordinal, or {@code -(insertion point) - 1} when it is not one. */
    int find(BytesRef target) {
      int low = 0;
      int high = size() - 1;
      while (low <= high) {
        int mid = (low + high) >>> 1;
        int cmp = Arrays.compareUnsigned(valueBytes, valueStart[mid], valueStart[mid + 1],
            target.bytes, target.offset, target.offset + target.length);
        if (cmp < 0) {
          low = mid + 1;
        } else if (cmp > 0) {
          high = mid - 1;
        } else {
          return mid;
        }
      }
      return -(low + 1);
    }

    /** The series value {@code v} is in. */
    int seriesStart(int v) {
      return seriesStart[v];
    }

    int seriesEnd(int v) {
      return seriesStart[v + 1];
    }

    int series(int i) {
      return series[i];
    }
  }

  private SeriesTable(Map<String, FieldTable> fields, int[] docFreqs) {
    this.fields = fields;
    this.docFreqs = docFreqs;
  }

  /** Reads the series of a segment that has {@code _series} doc values. */
  static SeriesTable read(LeafReader reader) throws IOException {
    SortedDocValues keys = reader.getSortedDocValues(SeriesKey.FIELD);
    int count = keys.getValueCount();
    int[] docFreqs = new int[count];
    Terms terms = reader.terms(SeriesKey.FIELD);
    if (terms != null) {
      TermsEnum it = terms.iterator();
      for (BytesRef term = it.next(); term != null; term = it.next()) {
        int s = keys.lookupTerm(term);
        if (s >= 0) {
          docFreqs[s] = it.docFreq();
        }
      }
    }
    Map<String, TreeMap<BytesRef, List<Integer>>> byField = new HashMap<>();
    for (int s = 0; s < count; s++) {
      int series = s;
      SeriesKey.forEach(keys.lookupOrd(s), (field, value) -> {
        TreeMap<BytesRef, List<Integer>> values = byField.computeIfAbsent(field, f -> new TreeMap<>());
        List<Integer> holding = values.get(value);
        if (holding == null) {
          // the key's bytes are the doc values' buffer, which the next lookup overwrites
          holding = new ArrayList<>(1);
          values.put(BytesRef.deepCopyOf(value), holding);
        }
        holding.add(series);
      });
    }
    Map<String, FieldTable> fields = new HashMap<>();
    byField.forEach((field, values) -> fields.put(field, new FieldTable(values, count, docFreqs)));
    return new SeriesTable(fields, docFreqs);
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


}
