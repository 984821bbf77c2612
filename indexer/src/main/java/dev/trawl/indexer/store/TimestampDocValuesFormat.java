package dev.trawl.indexer.store;

import java.io.IOException;
import org.apache.lucene.codecs.DocValuesConsumer;
import org.apache.lucene.codecs.DocValuesFormat;
import org.apache.lucene.codecs.DocValuesProducer;
import org.apache.lucene.index.SegmentReadState;
import org.apache.lucene.index.SegmentWriteState;

/**
 * Doc values for {@code @timestamp}, whose values a partition's index sort puts in order: each run
 * of {@value #BLOCK} values is its first value and the differences between neighbours, packed in as
 * few bits as the largest spread of differences needs (Elasticsearch's time-series codec encodes
 * its timestamps alike). Lucene's own numeric doc values pack each value's distance from its
 * block's least, some 40 bits a document for a few minutes of nanoseconds; neighbours in time differ
 * by far less. Registered with Lucene's service loader as {@value #NAME}: segments name the format
 * of each field's doc values, so earlier segments keep Lucene's.
 */
public final class TimestampDocValuesFormat extends DocValuesFormat {
  /** The name segments record; never change it, or segments written under it cannot be read. */
  public static final String NAME = "TrawlTimestamps";
  static final int BLOCK = 128;
  static final String DATA_CODEC = "TrawlTimestampsData";
  static final String META_CODEC = "TrawlTimestampsMeta";
  static final String DATA_EXTENSION = "tsd";
  static final String META_EXTENSION = "tsm";
  static final int VERSION = 0;

  public TimestampDocValuesFormat() {
    super(NAME);
  }

  @Override
  public DocValuesConsumer fieldsConsumer(SegmentWriteState state) throws IOException {
    return new TimestampDocValuesConsumer(state);
  }

  @Override
  public DocValuesProducer fieldsProducer(SegmentReadState state) throws IOException {
    return new TimestampDocValuesProducer(state);
  }
}
