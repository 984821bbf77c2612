package dev.trawl.indexer.store;

import static dev.trawl.indexer.store.TimestampDocValuesFormat.BLOCK;

import java.io.IOException;
import org.apache.lucene.codecs.CodecUtil;
import org.apache.lucene.codecs.DocValuesConsumer;
import org.apache.lucene.codecs.DocValuesProducer;
import org.apache.lucene.codecs.lucene90.IndexedDISI;
import org.apache.lucene.index.FieldInfo;
import org.apache.lucene.index.IndexFileNames;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.SegmentWriteState;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.store.IndexOutput;
import org.apache.lucene.util.IOUtils;
import org.apache.lucene.util.packed.DirectWriter;

/**
 * Writes {@link TimestampDocValuesFormat}'s files. Meta, per field: its number, which documents
 * have a value (all, or Lucene's {@link IndexedDISI} where the data holds it), the number of
 * values, where the blocks and their offsets start. Data, per block: its first value, the least
 * difference between neighbours, the bits each difference takes beyond it (0 when all are equal)
 * and the differences so packed; then each block's offset as a long.
 */
final class TimestampDocValuesConsumer extends DocValuesConsumer {
  /** In the meta where docs-with-values would be: every document has one. */
  static final long ALL_DOCS = -1;
  private final IndexOutput data;
  private final IndexOutput meta;
  private final int maxDoc;

  TimestampDocValuesConsumer(SegmentWriteState state) throws IOException {
    maxDoc = state.segmentInfo.maxDoc();
    IndexOutput dataOut = null;
    IndexOutput metaOut = null;
    boolean opened = false;
    try {
      dataOut = state.directory.createOutput(IndexFileNames.segmentFileName(state.segmentInfo.name, state.segmentSuffix,
          TimestampDocValuesFormat.DATA_EXTENSION), state.context);
      CodecUtil.writeIndexHeader(dataOut, TimestampDocValuesFormat.DATA_CODEC, TimestampDocValuesFormat.VERSION,
          state.segmentInfo.getId(), state.segmentSuffix);
      metaOut = state.directory.createOutput(IndexFileNames.segmentFileName(state.segmentInfo.name, state.segmentSuffix,
          TimestampDocValuesFormat.META_EXTENSION), state.context);
      CodecUtil.writeIndexHeader(metaOut, TimestampDocValuesFormat.META_CODEC, TimestampDocValuesFormat.VERSION,
          state.segmentInfo.getId(), state.segmentSuffix);
      opened = true;
    } finally {
      if (!opened) {
        IOUtils.closeWhileHandlingException(dataOut, metaOut);
      }
    }
    data = dataOut;
    meta = metaOut;
  }

  @Override
  public void addNumericField(FieldInfo field, DocValuesProducer values) throws IOException {
    meta.writeInt(field.number);
    int count = 0;
    NumericDocValues counting = values.getNumeric(field);
    for (int doc = counting.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = counting.nextDoc()) {
      count++;
    }
    if (count == maxDoc) {
      meta.writeLong(ALL_DOCS);
    } else {
      long start = data.getFilePointer();
      short jumpTableEntries = IndexedDISI.writeBitSet(values.getNumeric(field), data, IndexedDISI.DEFAULT_DENSE_RANK_POWER);
      meta.writeLong(start);
      meta.writeLong(data.getFilePointer() - start);
      meta.writeShort(jumpTableEntries);
    }
    meta.writeInt(count);
    long blocksStart = data.getFilePointer();
    long[] offsets = new long[(count + BLOCK - 1) / BLOCK];
    long[] block = new long[BLOCK];
    int inBlock = 0;
    int blocks = 0;
    NumericDocValues each = values.getNumeric(field);
    for (int doc = each.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = each.nextDoc()) {
      block[inBlock++] = each.longValue();
      if (inBlock == BLOCK) {
        offsets[blocks++] = data.getFilePointer() - blocksStart;
        writeBlock(block, inBlock);
        inBlock = 0;
      }
    }
    if (inBlock > 0) {
      offsets[blocks++] = data.getFilePointer() - blocksStart;
      writeBlock(block, inBlock);
    }
    long offsetsStart = data.getFilePointer();
    for (long offset : offsets) {
      data.writeLong(offset);
    }
    meta.writeLong(blocksStart);
    meta.writeLong(offsetsStart);
  }

  /**
   * Differences are taken and packed with Java's wrapping arithmetic, so adding them back gives
   * every value exactly, however far apart two are.
   */
  private void writeBlock(long[] values, int count) throws IOException {
    long least = Long.MAX_VALUE;
    for (int i = 1; i < count; i++) {
      least = Math.min(least, values[i] - values[i - 1]);
    }
    least = count == 1 ? 0 : least;
    long spread = 0;
    for (int i = 1; i < count; i++) {
      spread |= values[i] - values[i - 1] - least;
    }
    int bits = spread == 0 ? 0 : DirectWriter.unsignedBitsRequired(spread);
    data.writeLong(values[0]);
    data.writeLong(least);
    data.writeByte((byte) bits);
    if (bits > 0) {
      DirectWriter packed = DirectWriter.getInstance(data, count - 1, bits);
      for (int i = 1; i < count; i++) {
        packed.add(values[i] - values[i - 1] - least);
      }
      packed.finish();
    }
  }

  @Override
  public void addBinaryField(FieldInfo field, DocValuesProducer values) {
    throw onlyNumbers(field);
  }

  @Override
  public void addSortedField(FieldInfo field, DocValuesProducer values) {
    throw onlyNumbers(field);
  }

  @Override
  public void addSortedNumericField(FieldInfo field, DocValuesProducer values) {
    throw onlyNumbers(field);
  }

  @Override
  public void addSortedSetField(FieldInfo field, DocValuesProducer values) {
    throw onlyNumbers(field);
  }

  static UnsupportedOperationException onlyNumbers(FieldInfo field) {
    return new UnsupportedOperationException(TimestampDocValuesFormat.NAME + " holds one number a document, not the "
        + field.getDocValuesType() + " doc values of field " + field.name);
  }

  @Override
  public void close() throws IOException {
    boolean closed = false;
    try {
      meta.writeInt(-1);
      CodecUtil.writeFooter(meta);
      CodecUtil.writeFooter(data);
      closed = true;
    } finally {
      if (closed) {
        IOUtils.close(data, meta);
      } else {
        IOUtils.closeWhileHandlingException(data, meta);
      }
    }
  }
}
