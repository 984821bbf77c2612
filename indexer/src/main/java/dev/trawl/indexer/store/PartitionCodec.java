package dev.trawl.indexer.store;

import java.io.IOException;
import org.apache.lucene.codecs.FilterCodec;
import org.apache.lucene.codecs.PostingsFormat;
import org.apache.lucene.codecs.StoredFieldsFormat;
import org.apache.lucene.codecs.StoredFieldsReader;
import org.apache.lucene.codecs.StoredFieldsWriter;
import org.apache.lucene.codecs.lucene90.compressing.Lucene90CompressingStoredFieldsFormat;
import org.apache.lucene.codecs.lucene912.Lucene912Codec;
import org.apache.lucene.index.FieldInfos;
import org.apache.lucene.index.SegmentInfo;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.IOContext;

/**
 * Lucene's codec with stored fields compressed with zstd ({@link ZstdCompressionMode}): smaller
 * than DEFLATE, and a page of hits decompresses several times faster; and {@code message}'s rare
 * id-like words in pool terms ({@link PooledTermsPostingsFormat}). Segments name their codec,
 * so this one is registered with Lucene's service loader; segments written by Lucene's own codec
 * (before this one) stay readable, and so do the bloom filters earlier segments hold in front of
 * {@code _id} (Lucene's codecs module registers their format; {@link IdFilters} does their job
 * now, once per partition rather than once per segment).
 */
public final class PartitionCodec extends FilterCodec {
  /** The name segments record; never change it, or segments written under it cannot be read. */
  public static final String NAME = "Trawl912";
  /**
   * Level 1 at a flush, where the refresh's thread compresses each new segment's sources (five
   * times faster than level 6 and 4% larger here); level 6 in merges, which write the sources for
   * good (15% smaller than Lucene's best compression on generated logs). Zstd reads either alike.
   */
  private static final int FLUSH_LEVEL = 1;
  private static final int MERGE_LEVEL = 6;
  /** Small enough that a document costs a few kilobytes of decompression, large enough to compress well. */
  private static final int SUB_BLOCKS = 40;
  private static final int BLOCK_BYTES = 480 * 1024;
  private static final int BLOCK_MAX_DOCS = 4096;
  private static final int BLOCKS_PER_INDEX_ENTRY_SHIFT = 10;
  private static final String FORMAT_NAME = "TrawlZstdStoredFields";

  private final StoredFieldsFormat flushed = storedFields(FLUSH_LEVEL);
  private final StoredFieldsFormat merged = storedFields(MERGE_LEVEL);
  private final StoredFieldsFormat storedFields = new StoredFieldsFormat() {
    @Override
    public StoredFieldsReader fieldsReader(Directory directory, SegmentInfo si, FieldInfos fn, IOContext context)
        throws IOException {
      return merged.fieldsReader(directory, si, fn, context);
    }

    @Override
    public StoredFieldsWriter fieldsWriter(Directory directory, SegmentInfo si, IOContext context) throws IOException {
      return (context.context == IOContext.Context.MERGE ? merged : flushed).fieldsWriter(directory, si, context);
    }
  };

  private static StoredFieldsFormat storedFields(int level) {
    return new Lucene90CompressingStoredFieldsFormat(FORMAT_NAME, new ZstdCompressionMode(level, SUB_BLOCKS),
        BLOCK_BYTES, BLOCK_MAX_DOCS, BLOCKS_PER_INDEX_ENTRY_SHIFT);
  }

  public PartitionCodec() {
    super(NAME, new Lucene912Codec() {
      private final PostingsFormat pooled = new PooledTermsPostingsFormat();

      @Override
      public PostingsFormat getPostingsFormatForField(String field) {
        return PooledTerms.FIELD.equals(field) ? pooled : super.getPostingsFormatForField(field);
      }
    });
  }

  @Override
  public StoredFieldsFormat storedFieldsFormat() {
    return storedFields;
  }
}
