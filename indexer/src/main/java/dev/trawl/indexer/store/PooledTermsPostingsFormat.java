package dev.trawl.indexer.store;

import java.io.IOException;
import org.apache.lucene.codecs.FieldsConsumer;
import org.apache.lucene.codecs.FieldsProducer;
import org.apache.lucene.codecs.NormsProducer;
import org.apache.lucene.codecs.PostingsFormat;
import org.apache.lucene.codecs.lucene912.Lucene912PostingsFormat;
import org.apache.lucene.index.FilterLeafReader;
import org.apache.lucene.index.Fields;
import org.apache.lucene.index.SegmentReadState;
import org.apache.lucene.index.SegmentWriteState;
import org.apache.lucene.index.Terms;

/**
 * Lucene's postings format, with the rare id-like words of a field written into pool terms
 * ({@link PooledTerms}) at every flush and merge. What it writes is Lucene's own format, read by
 * Lucene's own reader; only which terms there are differs. Registered with Lucene's service loader
 * under {@link #NAME}, which segments record.
 */
public final class PooledTermsPostingsFormat extends PostingsFormat {
  /** The name segments record; never change it, or segments written under it cannot be read. */
  public static final String NAME = "TrawlPooledTerms";
  private final PostingsFormat lucene = new Lucene912PostingsFormat();

  public PooledTermsPostingsFormat() {
    super(NAME);
  }

  @Override
  public FieldsConsumer fieldsConsumer(SegmentWriteState state) throws IOException {
    FieldsConsumer writer = lucene.fieldsConsumer(state);
    // merges reach write() through FieldsConsumer.merge, so merged segments are pooled alike
    return new FieldsConsumer() {
      @Override
      public void write(Fields fields, NormsProducer norms) throws IOException {
        writer.write(new FilterLeafReader.FilterFields(fields) {
          @Override
          public Terms terms(String field) throws IOException {
            Terms terms = in.terms(field);
            return terms == null || !PoolingTerms.canPool(terms) ? terms : new PoolingTerms(terms);
          }
        }, norms);
      }

      @Override
      public void close() throws IOException {
        writer.close();
      }
    };
  }

  @Override
  public FieldsProducer fieldsProducer(SegmentReadState state) throws IOException {
    return lucene.fieldsProducer(state);
  }
}
