package dev.trawl.indexer.search;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.SortedSetDocValues;
import org.apache.lucene.util.BytesRef;

/**
 * The values of a segment's keyword fields by ordinal, each looked up once while the segment is
 * open, for fields of few values (namespaces, pods, containers, levels): a lookup decompresses a
 * block of the terms dictionary, and every page of hits needs the same few values again. Fields of
 * many values are not kept. Thread-safe.
 */
final class SegmentKeywords {
  /** Fields with more values than this are looked up page by page. */
  static final int MAX_VALUES = 4096;
  private static final Map<IndexReader.CacheKey, Map<String, AtomicReferenceArray<BytesRef>>> SEGMENTS = new ConcurrentHashMap<>();

  private final AtomicReferenceArray<BytesRef> values;
  private final SortedSetDocValues lookups;

  private SegmentKeywords(AtomicReferenceArray<BytesRef> values, SortedSetDocValues lookups) {
    this.values = values;
    this.lookups = lookups;
  }

  /**
   * The kept values of {@code field}, looked up through {@code lookups} (an iterator of the field
   * the caller owns), or null when the field has too many values or the segment cannot be keyed.
   */
  static SegmentKeywords of(LeafReader reader, String field, SortedSetDocValues lookups) {
    IndexReader.CacheHelper core = reader.getCoreCacheHelper();
    if (core == null || lookups.getValueCount() > MAX_VALUES) {
      return null;
    }
    Map<String, AtomicReferenceArray<BytesRef>> fields = SEGMENTS.get(core.getKey());
    if (fields == null) {
      fields = new ConcurrentHashMap<>();
      Map<String, AtomicReferenceArray<BytesRef>> raced = SEGMENTS.putIfAbsent(core.getKey(), fields);
      if (raced == null) {
        core.addClosedListener(SEGMENTS::remove);
      } else {
        fields = raced;
      }
    }
    return new SegmentKeywords(fields.computeIfAbsent(field, f -> new AtomicReferenceArray<>((int) lookups.getValueCount())), lookups);
  }

  /** The number of open segments with kept values. */
  static int segmentsKept() {
    return SEGMENTS.size();
  }

  BytesRef value(long ord) throws IOException {
    BytesRef value = values.get((int) ord);
    if (value == null) {
      value = BytesRef.deepCopyOf(lookups.lookupOrd(ord));
      values.set((int) ord, value);
    }
    return value;
  }
}
