package dev.trawl.indexer.store;

import static dev.trawl.indexer.store.TimestampDocValuesFormat.BLOCK;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import org.apache.lucene.codecs.CodecUtil;
import org.apache.lucene.codecs.DocValuesProducer;
import org.apache.lucene.codecs.lucene90.IndexedDISI;
import org.apache.lucene.index.BinaryDocValues;
import org.apache.lucene.index.CorruptIndexException;
import org.apache.lucene.index.FieldInfo;
import org.apache.lucene.index.IndexFileNames;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.SegmentReadState;
import org.apache.lucene.index.SortedDocValues;
import org.apache.lucene.index.SortedNumericDocValues;
import org.apache.lucene.index.SortedSetDocValues;
import org.apache.lucene.store.ChecksumIndexInput;
import org.apache.lucene.store.IOContext;
import org.apache.lucene.store.IndexInput;
import org.apache.lucene.store.RandomAccessInput;
import org.apache.lucene.util.IOUtils;
import org.apache.lucene.util.LongValues;
import org.apache.lucene.util.packed.DirectReader;

/** Reads {@link TimestampDocValuesFormat}'s files: each field's values a block of 128 at a time, decoded whole. */
final class TimestampDocValuesProducer extends DocValuesProducer {
  /** Where one field's values are, as the meta file says. */
  private record Entry(long docsStart, long docsLength, short jumpTableEntries, int count, long blocksStart, long offsetsStart) {
    boolean allDocs() {
      return docsStart == TimestampDocValuesConsumer.ALL_DOCS;
    }
  }

  private final Map<Integer, Entry> entries = new HashMap<>();
  private final IndexInput data;
  private final int maxDoc;

  TimestampDocValuesProducer(SegmentReadState state) throws IOException {
    maxDoc = state.segmentInfo.maxDoc();
    String metaName = IndexFileNames.segmentFileName(state.segmentInfo.name, state.segmentSuffix,
        TimestampDocValuesFormat.META_EXTENSION);
    try (ChecksumIndexInput meta = state.directory.openChecksumInput(metaName, IOContext.READONCE)) {
      Throwable failure = null;
      try {
        CodecUtil.checkIndexHeader(meta, TimestampDocValuesFormat.META_CODEC, TimestampDocValuesFormat.VERSION,
            TimestampDocValuesFormat.VERSION, state.segmentInfo.getId(), state.segmentSuffix);
        for (int field = meta.readInt(); field != -1; field = meta.readInt()) {
          long docsStart = meta.readLong();
          long docsLength = 0;
          short jumpTableEntries = 0;
          if (docsStart != TimestampDocValuesConsumer.ALL_DOCS) {
            docsLength = meta.readLong();
            jumpTableEntries = meta.readShort();
          }
          int count = meta.readInt();
          entries.put(field, new Entry(docsStart, docsLength, jumpTableEntries, count, meta.readLong(), meta.readLong()));
        }
      } catch (Throwable t) {
        failure = t;
      } finally {
        CodecUtil.checkFooter(meta, failure);
      }
    }
    String dataName = IndexFileNames.segmentFileName(state.segmentInfo.name, state.segmentSuffix,
        TimestampDocValuesFormat.DATA_EXTENSION);
    IndexInput in = state.directory.openInput(dataName, state.context);
    boolean opened = false;
    try {
      CodecUtil.checkIndexHeader(in, TimestampDocValuesFormat.DATA_CODEC, TimestampDocValuesFormat.VERSION,
          TimestampDocValuesFormat.VERSION, state.segmentInfo.getId(), state.segmentSuffix);
      CodecUtil.retrieveChecksum(in);
      opened = true;
    } finally {
      if (!opened) {
        IOUtils.closeWhileHandlingException(in);
      }
    }
    data = in;
  }

  @Override
  public NumericDocValues getNumeric(FieldInfo field) throws IOException {
    Entry entry = entries.get(field.number);
    if (entry == null) {
      throw new CorruptIndexException("no " + TimestampDocValuesFormat.NAME + " doc values for field " + field.name, data);
    }
    Blocks blocks = new Blocks(data.randomAccessSlice(0, data.length()), entry);
    if (entry.allDocs()) {
      return new AllDocs(blocks, maxDoc);
    }
    return new SomeDocs(blocks, new IndexedDISI(data, entry.docsStart(), entry.docsLength(), entry.jumpTableEntries(),
        IndexedDISI.DEFAULT_DENSE_RANK_POWER, entry.count()));
  }

  /** A field's values by their index among the documents that have one; the last block decoded is kept. */
  private static final class Blocks {
    private final RandomAccessInput data;
    private final Entry entry;
    private final long[] values = new long[BLOCK];
    private int decoded = -1;

    Blocks(RandomAccessInput data, Entry entry) {
      this.data = data;
      this.entry = entry;
    }

    long value(int index) throws IOException {
      int block = index / BLOCK;
      if (block != decoded) {
        decode(block);
      }
      return values[index % BLOCK];
    }

    private void decode(int block) throws IOException {
      long start = entry.blocksStart() + data.readLong(entry.offsetsStart() + 8L * block);
      int count = Math.min(BLOCK, entry.count() - block * BLOCK);
      long value = data.readLong(start);
      long least = data.readLong(start + 8);
      int bits = data.readByte(start + 16);
      LongValues packed = bits == 0 ? null : DirectReader.getInstance(data, bits, start + 17);
      values[0] = value;
      for (int i = 1; i < count; i++) {
        value += least + (packed == null ? 0 : packed.get(i - 1));
        values[i] = value;
      }
      decoded = block;
    }
  }

  /** Every document has a value: a document's index is its number. */
  private static final class AllDocs extends NumericDocValues {
    private final Blocks blocks;
    private final int maxDoc;
    private int doc = -1;

    AllDocs(Blocks blocks, int maxDoc) {
      this.blocks = blocks;
      this.maxDoc = maxDoc;
    }

    @Override
    public long longValue() throws IOException {
      return blocks.value(doc);
    }

    @Override
    public boolean advanceExact(int target) {
      doc = target;
      return true;
    }

    @Override
    public int docID() {
      return doc;
    }

    @Override
    public int nextDoc() {
      return advance(doc + 1);
    }

    @Override
    public int advance(int target) {
      doc = target >= maxDoc ? NO_MORE_DOCS : target;
      return doc;
    }

    @Override
    public long cost() {
      return maxDoc;
    }
  }

  /** Some documents have a value: Lucene's {@link IndexedDISI} tells which, and each one's index. */
  private static final class SomeDocs extends NumericDocValues {
    private final Blocks blocks;
    private final IndexedDISI docs;

    SomeDocs(Blocks blocks, IndexedDISI docs) {
      this.blocks = blocks;
      this.docs = docs;
    }

    @Override
    public long longValue() throws IOException {
      return blocks.value(docs.index());
    }

    @Override
    public boolean advanceExact(int target) throws IOException {
      return docs.advanceExact(target);
    }

    @Override
    public int docID() {
      return docs.docID();
    }

    @Override
    public int nextDoc() throws IOException {
      return docs.nextDoc();
    }

    @Override
    public int advance(int target) throws IOException {
      return docs.advance(target);
    }

    @Override
    public long cost() {
      return docs.cost();
    }
  }

  @Override
  public BinaryDocValues getBinary(FieldInfo field) {
    throw TimestampDocValuesConsumer.onlyNumbers(field);
  }

  @Override
  public SortedDocValues getSorted(FieldInfo field) {
    throw TimestampDocValuesConsumer.onlyNumbers(field);
  }

  @Override
  public SortedNumericDocValues getSortedNumeric(FieldInfo field) {
    throw TimestampDocValuesConsumer.onlyNumbers(field);
  }

  @Override
  public SortedSetDocValues getSortedSet(FieldInfo field) {
    throw TimestampDocValuesConsumer.onlyNumbers(field);
  }

  @Override
  public void checkIntegrity() throws IOException {
    CodecUtil.checksumEntireFile(data);
  }

  @Override
  public void close() throws IOException {
    data.close();
  }
}
