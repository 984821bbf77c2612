package dev.trawl.indexer.search.agg;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;

/**
 * Where time leaves a range in a segment sorted newest first by a date field every document has:
 * there the documents of one {@code date_histogram} bucket are one run of doc ids, so most of the
 * matches in it need not have their time read (a random doc value read, a cache miss apiece). The
 * value of every {@value #STRIDE}th document, kept per segment while it is open (a sixteenth of a
 * byte per document), tells where a run surely goes on, in memory.
 */
final class SortedTimeline {
  private static final int STRIDE = 128;
  private static final Map<IndexReader.CacheKey, long[]> SAMPLES = new ConcurrentHashMap<>();

  private final long[] samples;

  private SortedTimeline(long[] samples) {
    this.samples = samples;
  }

  /** The segment's timeline of {@code field}, or null when the segment is not sorted by it, newest first, or a document lacks it. */
  static SortedTimeline of(LeafReader reader, String field) throws IOException {
    Sort sort = reader.getMetaData().getSort();
    if (sort == null) {
      return null;
    }
    SortField primary = sort.getSort()[0];
    NumericDocValues values = reader.getNumericDocValues(field);
    IndexReader.CacheHelper core = reader.getCoreCacheHelper();
    // a dense field's cost is the segment's size; a sparse one's, the documents that have it
    if (!primary.getField().equals(field) || primary.getType() != SortField.Type.LONG || !primary.getReverse()
        || values == null || values.cost() != reader.maxDoc() || core == null) {
      return null;
    }
    long[] samples = SAMPLES.get(core.getKey());
    if (samples == null) {
      samples = sample(reader, field);
      if (SAMPLES.putIfAbsent(core.getKey(), samples) == null) {
        core.addClosedListener(SAMPLES::remove);
      }
    }
    return new SortedTimeline(samples);
  }

  private static long[] sample(LeafReader reader, String field) throws IOException {
    NumericDocValues values = DocValues.getNumeric(reader, field);
    long[] samples = new long[(reader.maxDoc() + STRIDE - 1) / STRIDE];
    for (int i = 0; i < samples.length; i++) {
      if (!values.advanceExact(i * STRIDE)) {
        throw new IllegalStateException("document " + i * STRIDE + " has no " + field + " though the field is dense");
      }
      samples[i] = values.longValue();
    }
    return samples;
  }

  /**
   * A document after {@code doc}, whose value is at least {@code low}, up to which every value
   * is known to be at least {@code low} too: the end of that run, or at most {@value #STRIDE}
   * documents before it, where the run's last documents must be read one by one.
   */
  int knownRunEnd(int doc, long low) {
    int lo = doc / STRIDE + 1;
    int hi = samples.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (samples[mid] < low) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    // values only fall: the documents up to sample lo - 1 are at least low, those from sample lo on below it
    return Math.max(doc + 1, (lo - 1) * STRIDE + 1);
  }
}
