package dev.trawl.indexer.store;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.DelegatingAnalyzerWrapper;
import org.apache.lucene.analysis.core.KeywordAnalyzer;

/** {@code message} gets the {@link LogAnalyzer}; every other field is one exact token. */
public final class FieldAnalyzer extends DelegatingAnalyzerWrapper {
  private final Analyzer text = new LogAnalyzer();
  private final Analyzer keyword = new KeywordAnalyzer();

  public FieldAnalyzer() {
    super(PER_FIELD_REUSE_STRATEGY);
  }

  @Override
  protected Analyzer getWrappedAnalyzer(String fieldName) {
    return Mapping.MESSAGE.equals(fieldName) ? text : keyword;
  }
}
