package dev.trawl.indexer.search;

import dev.trawl.indexer.store.DocumentMapper;
import dev.trawl.indexer.store.IdCodec;
import dev.trawl.indexer.store.PartitionCodec;
import dev.trawl.indexer.store.SourceSkeleton;
import java.io.IOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.DocumentStoredFieldVisitor;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.IndexableField;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.SegmentReader;
import org.apache.lucene.index.SortedDocValues;
import org.apache.lucene.index.SortedNumericDocValues;
import org.apache.lucene.index.SortedSetDocValues;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.util.BytesRef;

/**
 * Reads the {@code _id} and {@code _source} of a page of hits; an id comes from stored fields or
 * doc values, as its segment holds it. Stored fields are compressed in blocks of many documents.
 * Segments of Trawl's own codec read each hit's small frame once, so a plain reader serves a
 * scattered page and a run of neighbours alike. Segments of Lucene's codec (written before it)
 * decompress a large sub-block per document, so there a dense run is read through a sequential
 * reader that decompresses each block once (as Elasticsearch's fetch phase does for sequential
 * documents). A source stored as a {@link SourceSkeleton} is filled from the segment's doc values,
 * read forward as the hits are in document order.
 */
final class StoredDocuments {
  /** In Lucene's codec, fewer documents than this are read one by one: a block is worth keeping only for many. */
  private static final int SEQUENTIAL_MIN_DOCS = 10;
  /**
   * The widest mean gap between hits read sequentially. A block of the best-compression codec
   * holds 480 KB of source (some 1,000 log lines), and decompressing it whole costs about as much
   * as ten single-document reads; hits this close put well over ten in each block they touch.
   */
  private static final int SEQUENTIAL_MAX_MEAN_GAP = 128;
  private static final Set<String> STORED = Set.of(DocumentMapper.ID, DocumentMapper.SOURCE, SourceSkeleton.FIELD, SourceSkeleton.TEXTS);

  private StoredDocuments() {}

  /** The stored documents of top-level document numbers, in the order asked. */
  static Document[] read(IndexReader reader, int[] docs) throws IOException {
    Document[] out = new Document[docs.length];
    Integer[] order = new Integer[docs.length];
    Arrays.setAll(order, i -> i);
    Arrays.sort(order, (a, b) -> Integer.compare(docs[a], docs[b]));
    List<LeafReaderContext> leaves = reader.leaves();
    int i = 0;
    while (i < order.length) {
      LeafReaderContext leaf = leaves.get(ReaderUtil.subIndex(docs[order[i]], leaves));
      int end = i;
      while (end < order.length && docs[order[end]] < leaf.docBase + leaf.reader().maxDoc()) {
        end++;
      }
      StoredFields fields = storedFields(leaf, docs[order[i]], docs[order[end - 1]], end - i);
      SourceSkeleton.Filler skeletons = new SourceSkeleton.Filler(new DocValueFields(leaf.reader()));
      SortedDocValues docValueIds = IdCodec.docValues(leaf.reader());
      for (int k = i; k < end; k++) {
        DocumentStoredFieldVisitor visitor = new DocumentStoredFieldVisitor(STORED);
        int doc = docs[order[k]] - leaf.docBase;
        fields.document(doc, visitor);
        Document document = visitor.getDocument();
        // a segment holds ids either stored (written before ids went into doc values) or in doc values
        if (docValueIds != null && docValueIds.advanceExact(doc)) {
          document.add(new StoredField(DocumentMapper.ID, BytesRef.deepCopyOf(docValueIds.lookupOrd(docValueIds.ordValue()))));
        }
        out[order[k]] = withSource(document, skeletons, doc);
      }
      i = end;
    }
    return out;
  }

  /** The sources of one segment's documents, asked for in increasing order. */
  static final class SegmentSources {
    private static final Set<String> SOURCES = Set.of(DocumentMapper.SOURCE, SourceSkeleton.FIELD, SourceSkeleton.TEXTS);
    private final StoredFields fields;
    private final SourceSkeleton.Filler skeletons;

    SegmentSources(LeafReader reader) throws IOException {
      this.fields = reader.storedFields();
      this.skeletons = new SourceSkeleton.Filler(new DocValueFields(reader));
    }

    /**
     * The source of {@code doc}, or null when {@code worthReading} turns down its stored bytes (the
     * source; or its skeleton, the source's text less the values doc values hold, and its texts)
     * before the values are filled back.
     */
    byte[] source(int doc, Predicate<byte[]> worthReading) throws IOException {
      DocumentStoredFieldVisitor visitor = new DocumentStoredFieldVisitor(SOURCES);
      fields.document(doc, visitor);
      Document stored = visitor.getDocument();
      byte[] skeleton = bytes(stored, SourceSkeleton.FIELD);
      if (skeleton == null) {
        byte[] source = bytes(stored, DocumentMapper.SOURCE);
        return worthReading.test(source) ? source : null;
      }
      byte[] texts = bytes(stored, SourceSkeleton.TEXTS);
      if (!worthReading.test(skeleton) && (texts == null || !worthReading.test(texts))) {
        return null;
      }
      return skeletons.fill(skeleton, texts, doc);
    }
  }

  /** The bytes of a stored field, or null when the document has none. */
  private static byte[] bytes(Document stored, String field) {
    IndexableField value = stored.getField(field);
    if (value == null) {
      return null;
    }
    BytesRef bytes = value.binaryValue();
    return bytes.offset == 0 && bytes.length == bytes.bytes.length ? bytes.bytes
        : Arrays.copyOfRange(bytes.bytes, bytes.offset, bytes.offset + bytes.length);
  }

  private static Document withSource(Document stored, SourceSkeleton.Filler skeletons, int doc) throws IOException {
    byte[] skeleton = bytes(stored, SourceSkeleton.FIELD);
    if (skeleton != null) {
      byte[] texts = bytes(stored, SourceSkeleton.TEXTS);
      stored.removeField(SourceSkeleton.FIELD);
      stored.removeField(SourceSkeleton.TEXTS);
      stored.add(new StoredField(DocumentMapper.SOURCE, skeletons.fill(skeleton, texts, doc)));
    }
    return stored;
  }

  /** A segment's doc values, each field's opened on first use. */
  private static final class DocValueFields implements SourceSkeleton.Fields {
    private final LeafReader reader;
    private final Map<String, DocValueField> fields = new HashMap<>();

    DocValueFields(LeafReader reader) {
      this.reader = reader;
    }

    @Override
    public SourceSkeleton.FieldValues field(String field) {
      return fields.computeIfAbsent(field, f -> new DocValueField(reader, f));
    }
  }

  /**
   * One field's doc values, moved forward only. Keywords of a field of few values are kept per
   * segment ({@link SegmentKeywords}); of others, each is looked up once per page.
   */
  private static final class DocValueField implements SourceSkeleton.FieldValues {
    private final LeafReader reader;
    private final String field;
    private SortedNumericDocValues numbers;
    private SortedSetDocValues ords;
    private SegmentKeywords kept;
    private final Map<Long, BytesRef> seen = new HashMap<>();

    DocValueField(LeafReader reader, String field) {
      this.reader = reader;
      this.field = field;
    }

    @Override
    public long number(int doc) throws IOException {
      if (numbers == null) {
        numbers = DocValues.getSortedNumeric(reader, field);
      }
      if (!numbers.advanceExact(doc)) {
        throw missing(doc);
      }
      return numbers.nextValue();
    }

    @Override
    public BytesRef keyword(int doc) throws IOException {
      if (ords == null) {
        ords = DocValues.getSortedSet(reader, field);
        kept = SegmentKeywords.of(reader, field, ords);
      }
      if (!ords.advanceExact(doc)) {
        throw missing(doc);
      }
      long ord = ords.nextOrd();
      if (kept != null) {
        return kept.value(ord);
      }
      BytesRef value = seen.get(ord);
      if (value == null) {
        value = BytesRef.deepCopyOf(ords.lookupOrd(ord));
        seen.put(ord, value);
      }
      return value;
    }

    private IllegalStateException missing(int doc) {
      return new IllegalStateException("document " + doc + " has no doc value of " + field + " though its stored source says so");
    }
  }

  private static StoredFields storedFields(LeafReaderContext leaf, int first, int last, int count) throws IOException {
    boolean dense = count >= SEQUENTIAL_MIN_DOCS && last - first < (long) SEQUENTIAL_MAX_MEAN_GAP * count;
    if (dense && leaf.reader() instanceof SegmentReader segment
        && !PartitionCodec.NAME.equals(segment.getSegmentInfo().info.getCodec().getName())) {
      return segment.getFieldsReader().getMergeInstance();
    }
    return leaf.reader().storedFields();
  }
}
