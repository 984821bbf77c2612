package dev.trawl.indexer.store;

import org.apache.lucene.codecs.PostingsFormat;
import org.apache.lucene.codecs.bloom.BloomFilteringPostingsFormat;
import org.apache.lucene.codecs.lucene912.Lucene912Codec;
import org.apache.lucene.codecs.lucene912.Lucene912PostingsFormat;

/**
 * Lucene's codec with stored fields at best compression, and a bloom filter in front of
 * {@code _id}'s terms: every {@code create} asks each segment whether its id is there, and for a
 * new id (nearly all of them) the filter answers without a walk through the terms index. Readers
 * need nothing special: the segment names its formats, and Lucene finds them by name.
 */
final class PartitionCodec extends Lucene912Codec {
  private final PostingsFormat ids = new BloomFilteringPostingsFormat(new Lucene912PostingsFormat());

  PartitionCodec() {
    super(Mode.BEST_COMPRESSION);
  }

  @Override
  public PostingsFormat getPostingsFormatForField(String field) {
    return DocumentMapper.ID.equals(field) ? ids : super.getPostingsFormatForField(field);
  }
}
