package dev.trawl.indexer.store;

import org.apache.lucene.codecs.DocValuesFormat;
import org.apache.lucene.codecs.FilterCodec;
import org.apache.lucene.codecs.PostingsFormat;
import org.apache.lucene.codecs.StoredFieldsFormat;
import org.apache.lucene.codecs.lucene90.compressing.Lucene90CompressingStoredFieldsFormat;
import org.apache.lucene.codecs.lucene912.Lucene912Codec;

/**
 * Lucene's codec with stored fields compressed with zstd ({@link ZstdCompressionMode}), each
 * block's fields grouped field by field: smaller than DEFLATE, and a page of hits decompresses
 * several times faster; and {@code message}'s rare
 * id-like words in pool terms ({@link PooledTermsPostingsFormat}); and {@code @timestamp}'s doc
 * values as differences between neighbours ({@link TimestampDocValuesFormat}). Segments name their codec,
 * so this one is registered with Lucene's service loader; segments written by Lucene's own codec
 * (before this one) stay readable, and so do the bloom filters earlier segments hold in front of
 * {@code _id} (Lucene's codecs module registers their format; {@link IdFilters} does their job
 * now, once per partition rather than once per segment).
 */
public final class PartitionCodec extends FilterCodec {
  /** The name segments record; never change it, or segments written under it cannot be read. */
  public static final String NAME = "Trawl912";
  /**
   * Level 1, at flushes and merges alike: with each block's sources grouped apart from their ids
   * and their texts apart from their skeletons, it compressed the bench's logs 2% smaller than
   * level 6, and five times faster.
   */
  private static final int LEVEL = 1;
  /**
   * Frames after a block's first: a scattered document costs the first frame and its own, about
   * 28 KB of decompression (25 µs here); forty frames took 10% more bytes, eight 3% fewer at twice
   * the cost a document.
   */
  private static final int FRAMES = 16;
  private static final int BLOCK_BYTES = 480 * 1024;
  private static final int BLOCK_MAX_DOCS = 4096;
  private static final int BLOCKS_PER_INDEX_ENTRY_SHIFT = 10;
  private static final String FORMAT_NAME = "TrawlZstdStoredFields";

  private final StoredFieldsFormat storedFields = new Lucene90CompressingStoredFieldsFormat(FORMAT_NAME,
      new ZstdCompressionMode(LEVEL, FRAMES), BLOCK_BYTES, BLOCK_MAX_DOCS, BLOCKS_PER_INDEX_ENTRY_SHIFT);

  public PartitionCodec() {
    super(NAME, new Lucene912Codec() {
      private final PostingsFormat pooled = new PooledTermsPostingsFormat();
      private final DocValuesFormat timestamps = new TimestampDocValuesFormat();

      @Override
      public PostingsFormat getPostingsFormatForField(String field) {
        return PooledTerms.FIELD.equals(field) ? pooled : super.getPostingsFormatForField(field);
      }

      @Override
      public DocValuesFormat getDocValuesFormatForField(String field) {
        return Mapping.TIMESTAMP.equals(field) ? timestamps : super.getDocValuesFormatForField(field);
      }
    });
  }

  @Override
  public StoredFieldsFormat storedFieldsFormat() {
    return storedFields;
  }
}
