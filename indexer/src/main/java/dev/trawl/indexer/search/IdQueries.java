package dev.trawl.indexer.search;

import dev.trawl.indexer.store.DocumentMapper;
import dev.trawl.indexer.store.IdCodec;
import java.io.IOException;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import org.apache.lucene.document.SortedDocValuesField;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.Explanation;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.MultiTermQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.QueryVisitor;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.Scorer;
import org.apache.lucene.search.ScorerSupplier;
import org.apache.lucene.search.TermInSetQuery;
import org.apache.lucene.search.Weight;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.automaton.Automaton;

/**
 * Queries on {@code _id}, which a segment holds either as indexed terms (partitions written before
 * ids went into doc values) or as sorted doc values: each query is built both ways and a segment
 * runs the way it holds ids. In doc values an id is looked up in each segment's dictionary of ids
 * and its documents found by a walk of the ordinals of a segment that holds it, which grows with
 * that segment: fine for the single documents a person opens, not for lookups in bulk.
 */
public final class IdQueries {
  private IdQueries() {}

  /** The documents whose id is one of {@code ids}, each id in every form partitions hold it ({@link IdCodec#terms}). */
  public static Query exact(Collection<String> ids) {
    List<BytesRef> terms = ids.stream().flatMap(id -> IdCodec.terms(id).stream()).toList();
    return new ByLayout(new TermInSetQuery(DocumentMapper.ID, terms), SortedDocValuesField.newSlowSetQuery(DocumentMapper.ID, terms));
  }

  /** The documents whose id's text {@code pattern} accepts; {@code description} names the pattern. */
  static Query pattern(Automaton pattern, String description) {
    return new ByLayout(new IdPatternQuery(pattern, description, MultiTermQuery.CONSTANT_SCORE_BLENDED_REWRITE),
        new IdPatternQuery(pattern, description, MultiTermQuery.DOC_VALUES_REWRITE));
  }

  /** One query on {@code _id} in two forms: on its terms and on its doc values. */
  private static final class ByLayout extends Query {
    private final Query terms;
    private final Query docValues;

    ByLayout(Query terms, Query docValues) {
      this.terms = terms;
      this.docValues = docValues;
    }

    @Override
    public Query rewrite(IndexSearcher searcher) throws IOException {
      Query rewrittenTerms = terms.rewrite(searcher);
      Query rewrittenDocValues = docValues.rewrite(searcher);
      return rewrittenTerms == terms && rewrittenDocValues == docValues ? this : new ByLayout(rewrittenTerms, rewrittenDocValues);
    }

    @Override
    public Weight createWeight(IndexSearcher searcher, ScoreMode scoreMode, float boost) throws IOException {
      Weight onTerms = terms.createWeight(searcher, scoreMode, boost);
      Weight onDocValues = docValues.createWeight(searcher, scoreMode, boost);
      return new Weight(this) {
        private Weight of(LeafReaderContext segment) {
          return IdCodec.inDocValues(segment.reader()) ? onDocValues : onTerms;
        }

        @Override
        public Explanation explain(LeafReaderContext segment, int doc) throws IOException {
          return of(segment).explain(segment, doc);
        }

        @Override
        public Scorer scorer(LeafReaderContext segment) throws IOException {
          return of(segment).scorer(segment);
        }

        @Override
        public ScorerSupplier scorerSupplier(LeafReaderContext segment) throws IOException {
          return of(segment).scorerSupplier(segment);
        }

        @Override
        public int count(LeafReaderContext segment) throws IOException {
          return of(segment).count(segment);
        }

        @Override
        public boolean isCacheable(LeafReaderContext segment) {
          return of(segment).isCacheable(segment);
        }
      };
    }

    @Override
    public void visit(QueryVisitor visitor) {
      QueryVisitor either = visitor.getSubVisitor(BooleanClause.Occur.SHOULD, this);
      terms.visit(either);
      docValues.visit(either);
    }

    @Override
    public String toString(String field) {
      return terms.toString(field);
    }

    @Override
    public boolean equals(Object other) {
      return sameClassAs(other) && ((ByLayout) other).terms.equals(terms) && ((ByLayout) other).docValues.equals(docValues);
    }

    @Override
    public int hashCode() {
      return Objects.hash(classHash(), terms, docValues);
    }
  }
}
