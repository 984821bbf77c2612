package dev.trawl.indexer.search.agg;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.trawl.indexer.store.FieldKind;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.lucene.index.LeafReaderContext;

/**
 * Buckets of time. Documents of a segment come sorted by time, so the current bucket's bounds are
 * kept and most documents need no rounding at all; on {@code @timestamp}, whose order the segment
 * is sorted in, how far the bucket surely goes is looked up in memory ({@link SortedTimeline}) and
 * the matches before that need not have their time read.
 */
final class DateHistogramAggregator implements Aggregator {
  private static final DateTimeFormatter KEY_FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX");

  private final FieldValues values;
  private final Rounding rounding;
  private final ZoneId zone;
  private final int minDocCount;
  private final Long boundsMin;
  private final Long boundsMax;
  private final boolean epochMillisKeys;
  private final TreeMap<Long, SubAggregations> byKey = new TreeMap<>();
  private final Buckets<Long> buckets;
  private long currentStart = Long.MAX_VALUE;
  private long currentEnd = Long.MIN_VALUE;
  private SubAggregations current;
  private LeafReaderContext leaf;
  private SortedTimeline timeline;
  /** Documents of {@link #leaf} below this one are in the current bucket, known without reading their time. */
  private int knownBucketEnd;

  DateHistogramAggregator(FieldValues values, Rounding rounding, ZoneId zone, int minDocCount, Long boundsMin,
      Long boundsMax, boolean epochMillisKeys, List<AggregatorFactory> subs, BucketBudget budget) {
    this.values = values;
    this.rounding = rounding;
    this.zone = zone;
    this.minDocCount = minDocCount;
    this.boundsMin = boundsMin;
    this.boundsMax = boundsMax;
    this.epochMillisKeys = epochMillisKeys;
    this.buckets = new Buckets<>(byKey, subs, budget);
  }

  @Override
  public void collect(LeafReaderContext leaf, int doc) throws IOException {
    if (leaf != this.leaf) {
      this.leaf = leaf;
      timeline = values.kind() == FieldKind.DATE ? SortedTimeline.of(leaf.reader(), values.field()) : null;
      knownBucketEnd = -1;
    }
    if (doc < knownBucketEnd) {
      current.collect(leaf, doc);
      return;
    }
    values.load(leaf, doc);
    for (int i = 0; i < values.count(); i++) {
      long millis = values.kind() == FieldKind.DATE ? Math.floorDiv(values.longValue(i), 1_000_000L) : values.longValue(i);
      if (millis < currentStart || millis >= currentEnd) {
        currentStart = rounding.floor(millis);
        currentEnd = rounding.next(currentStart);
        current = buckets.get(currentStart);
      }
      current.collect(leaf, doc);
    }
    if (timeline != null) {
      knownBucketEnd = timeline.knownRunEnd(doc, currentStart <= Long.MIN_VALUE / 1_000_000L ? Long.MIN_VALUE : currentStart * 1_000_000L);
    }
  }

  @Override
  public void render(JsonGenerator out) throws IOException {
    if (minDocCount == 0) {
      fillEmptyBuckets();
    }
    out.writeStartObject();
    out.writeArrayFieldStart("buckets");
    for (Map.Entry<Long, SubAggregations> e : byKey.entrySet()) {
      if (e.getValue().docCount < minDocCount) {
        continue;
      }
      out.writeStartObject();
      out.writeStringField("key_as_string", epochMillisKeys ? Long.toString(e.getKey())
          : KEY_FORMAT.format(Instant.ofEpochMilli(e.getKey()).atZone(zone)));
      out.writeNumberField("key", e.getKey());
      e.getValue().render(out);
      out.writeEndObject();
    }
    out.writeEndArray();
    out.writeEndObject();
  }

  private void fillEmptyBuckets() {
    Long first = boundsMin != null ? Long.valueOf(rounding.floor(boundsMin)) : null;
    Long last = boundsMax != null ? Long.valueOf(rounding.floor(boundsMax)) : null;
    if (!byKey.isEmpty()) {
      first = first == null ? byKey.firstKey() : Math.min(first, byKey.firstKey());
      last = last == null ? byKey.lastKey() : Math.max(last, byKey.lastKey());
    }
    if (first == null || last == null) {
      return;
    }
    for (long key = first; key <= last; key = rounding.next(key)) {
      buckets.get(key);
    }
  }
}
