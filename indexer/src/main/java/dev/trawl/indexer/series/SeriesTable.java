package dev.trawl.indexer.series;

import java.io.IOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.SortedDocValues;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.util.Accountable;
import org.apache.lucene.util.ArrayUtil;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.BytesRefHash;
import org.apache.lucene.util.RamUsageEstimator;

/**
 * One segment's series keys turned field by field: each field's values in order, the series
 * each value is in, and each series' values. Series are numbered by their keys' ordinals in the
 * segment's {@code _series} doc values. Immutable once read; shared by the searches of a segment.
 */
final class SeriesTable implements Accountable {
  private final Map<String, FieldTable> fields;
  /** Per series: documents holding it, deleted ones too, as Lucene counts them. */
  private final int[] docFreqs;

  /**
   * One field's values and where they are, packed in a few arrays rather than an object per value
   * (many values, a pod's name or a file's path, belong to one series alone).
   */
  static final class FieldTable implements Accountable {
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

    private FieldTable(FieldBuilder built, int seriesCount, int[] seriesDocFreqs) {
      BytesRefHash hash = built.values;
      int size = hash.size();
      int[] sorted = hash.sort();
      int[] ordOfId = new int[size];
      valueStart = new int[size + 1];
      BytesRef value = new BytesRef();
      for (int v = 0; v < size; v++) {
        ordOfId[sorted[v]] = v;
        valueStart[v + 1] = valueStart[v] + hash.get(sorted[v], value).length;
      }
      valueBytes = new byte[valueStart[size]];
      for (int v = 0; v < size; v++) {
        hash.get(sorted[v], value);
        System.arraycopy(value.bytes, value.offset, valueBytes, valueStart[v], value.length);
      }
      // the pairs come in series order: counted by value, each value's series stay in order
      seriesStart = new int[size + 1];
      for (int p = 0; p < built.pairs; p++) {
        seriesStart[ordOfId[built.pairValue[p]] + 1]++;
      }
      for (int v = 0; v < size; v++) {
        seriesStart[v + 1] += seriesStart[v];
      }
      series = new int[built.pairs];
      docFreqs = new int[size];
      int[] nextOfValue = Arrays.copyOf(seriesStart, size);
      ordStart = new int[seriesCount + 1];
      ords = new int[built.pairs];
      long sum = 0;
      int withField = 0;
      for (int p = 0; p < built.pairs; p++) {
        int v = ordOfId[built.pairValue[p]];
        int s = built.pairSeries[p];
        series[nextOfValue[v]++] = s;
        docFreqs[v] += seriesDocFreqs[s];
        sum += seriesDocFreqs[s];
        if (ordStart[s + 1] == 0) {
          withField += seriesDocFreqs[s];
        }
        ordStart[s + 1]++;
        ords[p] = v;
      }
      for (int s = 0; s < seriesCount; s++) {
        ordStart[s + 1] += ordStart[s];
        // a key holds its values in order, so a series' ordinals are too; sorted all the same
        Arrays.sort(ords, ordStart[s], ordStart[s + 1]);
      }
      sumDocFreq = sum;
      docCount = withField;
    }

    int size() {
      return docFreqs.length;
    }

    @Override
    public long ramBytesUsed() {
      return RamUsageEstimator.shallowSizeOfInstance(FieldTable.class) + RamUsageEstimator.sizeOf(valueBytes)
          + RamUsageEstimator.sizeOf(valueStart) + RamUsageEstimator.sizeOf(seriesStart) + RamUsageEstimator.sizeOf(series)
          + RamUsageEstimator.sizeOf(docFreqs) + RamUsageEstimator.sizeOf(ordStart) + RamUsageEstimator.sizeOf(ords);
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

  /** One field's values and the series each is in, as a segment's keys are read. */
  private static final class FieldBuilder {
    final BytesRefHash values = new BytesRefHash();
    int[] pairValue = new int[16];
    int[] pairSeries = new int[16];
    int pairs;

    void add(BytesRef value, int series) {
      int id = values.add(value);
      if (pairs == pairValue.length) {
        pairValue = ArrayUtil.grow(pairValue);
        pairSeries = ArrayUtil.grow(pairSeries, pairValue.length);
      }
      pairValue[pairs] = id < 0 ? -id - 1 : id;
      pairSeries[pairs++] = series;
    }
  }

  /**
   * Reads the series of a segment that has {@code _series} doc values: their keys in order, once,
   * beside the {@code _series} terms for the documents each holds.
   */
  static SeriesTable read(LeafReader reader) throws IOException {
    SortedDocValues keys = reader.getSortedDocValues(SeriesKey.FIELD);
    int count = keys.getValueCount();
    int[] docFreqs = new int[count];
    Terms terms = reader.terms(SeriesKey.FIELD);
    TermsEnum postings = terms == null ? null : terms.iterator();
    BytesRef posting = postings == null ? null : postings.next();
    TermsEnum keyTerms = keys.termsEnum();
    Map<String, FieldBuilder> byField = new HashMap<>();
    for (int s = 0; s < count; s++) {
      BytesRef key = keyTerms.next();
      while (posting != null && posting.compareTo(key) < 0) {
        posting = postings.next();
      }
      if (posting != null && posting.bytesEquals(key)) {
        docFreqs[s] = postings.docFreq();
      }
      int series = s;
      SeriesKey.forEach(key, (field, value) -> byField.computeIfAbsent(field, f -> new FieldBuilder()).add(value, series));
    }
    Map<String, FieldTable> fields = new HashMap<>();
    byField.forEach((field, built) -> fields.put(field, new FieldTable(built, count, docFreqs)));
    return new SeriesTable(fields, docFreqs);
  }

  @Override
  public long ramBytesUsed() {
    long bytes = RamUsageEstimator.shallowSizeOfInstance(SeriesTable.class) + RamUsageEstimator.sizeOf(docFreqs);
    for (Map.Entry<String, FieldTable> field : fields.entrySet()) {
      bytes += RamUsageEstimator.HASHTABLE_RAM_BYTES_PER_ENTRY + RamUsageEstimator.sizeOf(field.getKey())
          + field.getValue().ramBytesUsed();
    }
    return bytes;
  }

  /** Series the segment holds. */
  int count() {
    return docFreqs.length;
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
