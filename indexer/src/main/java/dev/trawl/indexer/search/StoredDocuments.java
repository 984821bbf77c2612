package dev.trawl.indexer.search;

import dev.trawl.indexer.store.DocumentMapper;
import dev.trawl.indexer.store.PartitionCodec;
import dev.trawl.indexer.store.SourceSkeleton;
import java.io.IOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
import org.apache.lucene.index.SortedNumericDocValues;
import org.apache.lucene.index.SortedSetDocValues;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.util.BytesRef;

/**
 * Reads the {@code _id} and {@code _source} of a page of hits. Stored fields are compressed in
 * blocks of many documents. Segments of Trawl's own codec read each hit's small sub-block once, so
 * a plain reader serves a scattered page and a run of neighbours alike. Segments of Lucene's
 * codec (written before it) decompress a large sub-block per document, so there a dense run is
 * read through a sequential reader that decompresses each block once (as Elasticsearch's fetch
 * phase does for sequential documents). A source stored as a {@link SourceSkeleton} is filled from
 * the segment's doc values, read forward as the hits are in document order.
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
  private static final Set<String> STORED = Set.of(DocumentMapper.ID, DocumentMapper.SOURCE, SourceSkeleton.FIELD);

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
      DocValueSource values = new DocValueSource(leaf.reader());
      for (int k = i; k < end; k++) {
        DocumentStoredFieldVisitor visitor = new DocumentStoredFieldVisitor(STORED);
        int doc = docs[order[k]] - leaf.docBase;
        fields.document(doc, visitor);
        out[order[k]] = withSource(visitor.getDocument(), values, doc);
      }
      i = end;
    }
    return out;
  }

  private static Document withSource(Document stored, DocValueSource values, int doc) throws IOException {
    IndexableField skeleton = stored.getField(SourceSkeleton.FIELD);
    if (skeleton != null) {
      values.doc = doc;
      stored.removeField(SourceSkeleton.FIELD);
      stored.add(new StoredField(DocumentMapper.SOURCE, SourceSkeleton.fill(skeleton.binaryValue().bytes, values)));
    }
    return stored;
  }

  /** A segment's doc values, each field's iterator opened on first use and moved forward only. */
  private static final class DocValueSource implements SourceSkeleton.Values {
    private final LeafReader reader;
    private final Map<String, SortedNumericDocValues> fields = new HashMap<>();
    private final Map<String, Keywords> keywords = new HashMap<>();
    private int doc;

    DocValueSource(LeafReader reader) {
      this.reader = reader;
    }

    @Override
    public long of(String field) throws IOException {
      SortedNumericDocValues values = fields.get(field);
      if (values == null) {
        values = DocValues.getSortedNumeric(reader, field);
        fields.put(field, values);
      }
      if (!values.advanceExact(doc)) {
        throw new IllegalStateException("document " + doc + " has no doc value of " + field + " though its stored source says so");
      }
      return values.nextValue();
    }

    @Override
    public BytesRef keyword(String field) throws IOException {
      Keywords values = keywords.get(field);
      if (values == null) {
        values = new Keywords(DocValues.getSortedSet(reader, field));
        keywords.put(field, values);
      }
      if (!values.ords.advanceExact(doc)) {
        throw new IllegalStateException("document " + doc + " has no doc value of " + field + " though its stored source says so");
      }
      return values.lookup(values.ords.nextOrd());
    }
  }

  /** A keyword field's values, each looked up once per page: a page of hits repeats few of them. */
  private static final class Keywords {
    private final SortedSetDocValues ords;
    private final Map<Long, BytesRef> seen = new HashMap<>();

    Keywords(SortedSetDocValues ords) {
      this.ords = ords;
    }

    BytesRef lookup(long ord) throws IOException {
      BytesRef value = seen.get(ord);
      if (value == null) {
        value = BytesRef.deepCopyOf(ords.lookupOrd(ord));
        seen.put(ord, value);
      }
      return value;
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
