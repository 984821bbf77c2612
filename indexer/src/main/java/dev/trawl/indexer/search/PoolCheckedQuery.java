package dev.trawl.indexer.search;

import java.io.IOException;
import java.util.Objects;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.ConstantScoreScorer;
import org.apache.lucene.search.ConstantScoreWeight;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.QueryVisitor;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.Scorer;
import org.apache.lucene.search.TwoPhaseIterator;
import org.apache.lucene.search.Weight;

/**
 * Documents that {@code candidates} (a term or phrase with pool terms in place of pooled words)
 * finds and that match {@code exact} (the term or phrase as asked): in the index where its words
 * are terms, or else in the document's own text, read and analysed again ({@link PooledText}).
 * A pool holds some 1/65,536 of a segment's rare id-like words, so few candidates are read.
 */
final class PoolCheckedQuery extends Query {
  /** Reading and analysing a document's text costs about as much as walking this many postings. */
  private static final float TEXT_CHECK_COST = 10_000;
  private final Query candidates;
  private final Query exact;

  PoolCheckedQuery(Query candidates, Query exact) {
    this.candidates = candidates;
    this.exact = exact;
  }

  @Override
  public Weight createWeight(IndexSearcher searcher, ScoreMode scoreMode, float boost) throws IOException {
    Weight candidatesWeight = searcher.createWeight(searcher.rewrite(candidates), ScoreMode.COMPLETE_NO_SCORES, 1);
    Weight exactWeight = searcher.createWeight(searcher.rewrite(exact), ScoreMode.COMPLETE_NO_SCORES, 1);
    return new ConstantScoreWeight(this, boost) {
      @Override
      public Scorer scorer(LeafReaderContext context) throws IOException {
        Scorer found = candidatesWeight.scorer(context);
        if (found == null) {
          return null;
        }
        return new ConstantScoreScorer(this, score(), scoreMode,
            checked(found, exactWeight.scorer(context), new PooledText(context.reader(), exact)));
      }

      @Override
      public boolean isCacheable(LeafReaderContext context) {
        return false;
      }
    };
  }

  private static TwoPhaseIterator checked(Scorer found, Scorer exactScorer, PooledText text) {
    TwoPhaseIterator foundPhase = found.twoPhaseIterator();
    DocIdSetIterator approximation = foundPhase == null ? found.iterator() : foundPhase.approximation();
    TwoPhaseIterator exactPhase = exactScorer == null ? null : exactScorer.twoPhaseIterator();
    DocIdSetIterator exactDocs = exactScorer == null ? null
        : exactPhase == null ? exactScorer.iterator() : exactPhase.approximation();
    return new TwoPhaseIterator(approximation) {
      @Override
      public boolean matches() throws IOException {
        if (foundPhase != null && !foundPhase.matches()) {
          return false;
        }
        int doc = approximation.docID();
        if (exactDocs != null && exactDocs.docID() < doc) {
          exactDocs.advance(doc);
        }
        if (exactDocs != null && exactDocs.docID() == doc && (exactPhase == null || exactPhase.matches())) {
          return true;
        }
        return text.matches(doc);
      }

      @Override
      public float matchCost() {
        return TEXT_CHECK_COST;
      }
    };
  }

  @Override
  public void visit(QueryVisitor visitor) {
    // what it finds is the exact query's words: highlighters mark those, never a pool term
    exact.visit(visitor.getSubVisitor(BooleanClause.Occur.MUST, this));
  }

  @Override
  public String toString(String field) {
    return "pool_checked(" + exact.toString(field) + ")";
  }

  @Override
  public boolean equals(Object other) {
    return sameClassAs(other) && candidates.equals(((PoolCheckedQuery) other).candidates)
        && exact.equals(((PoolCheckedQuery) other).exact);
  }

  @Override
  public int hashCode() {
    return Objects.hash(classHash(), candidates, exact);
  }
}
