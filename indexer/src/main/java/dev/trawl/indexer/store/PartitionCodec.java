package dev.trawl.indexer.store;

import org.apache.lucene.codecs.FilterCodec;
import org.apache.lucene.codecs.StoredFieldsFormat;
import org.apache.lucene.codecs.lucene90.compressing.Lucene90CompressingStoredFieldsFormat;
import org.apache.lucene.codecs.lucene912.Lucene912Codec;

/**
 * Lucene's codec with stored fields compressed with zstd ({@link ZstdCompressionMode}): smaller
 * than DEFLATE, and a page of hits decompresses several times faster. Segments name their codec,
 * so this one is registered with Lucene's service loader; segments written by Lucene's own codec
 * (before this one) stay readable, and so do the bloom filters earlier segments hold in front of
 * {@code _id} (Lucene's codecs module registers their format; {@link IdFilters} does their job
 * now, once per partition rather than once per segment).
 */
public final class PartitionCodec extends FilterCodec {
  /** The name segments record; never change it, or segments written under it cannot be read. */
  public static final String NAME = "Trawl912";
  /** Level 6 measured 15% smaller than Lucene's best compression on generated logs, and faster to write. */
  private static final int ZSTD_LEVEL = 6;
  /** Small enough that a document costs a few kilobytes of decompression, large enough to compress well. */
  private static final int SUB_BLOCKS = 40;
  private static final int BLOCK_BYTES = 480 * 1024;
  private static final int BLOCK_MAX_DOCS = 4096;
  private static final int BLOCKS_PER_INDEX_ENTRY_SHIFT = 10;

  private final StoredFieldsFormat storedFields = new Lucene90CompressingStoredFieldsFormat("TrawlZstdStoredFields",
      new ZstdCompressionMode(ZSTD_LEVEL, SUB_BLOCKS), BLOCK_BYTES, BLOCK_MAX_DOCS, BLOCKS_PER_INDEX_ENTRY_SHIFT);

  public PartitionCodec() {
    super(NAME, new Lucene912Codec());
  }

  @Override
  public StoredFieldsFormat storedFieldsFormat() {
    return storedFields;
  }
}
