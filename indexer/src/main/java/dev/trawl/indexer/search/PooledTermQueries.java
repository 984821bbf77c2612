package dev.trawl.indexer.search;

import dev.trawl.indexer.store.PooledTerms;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.ConstantScoreQuery;
import org.apache.lucene.search.DisjunctionMaxQuery;
import org.apache.lucene.search.MultiPhraseQuery;
import org.apache.lucene.search.PhraseQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermQuery;

/**
 * Makes a query find the words segments keep in pool terms ({@link PooledTerms}): a term or phrase
 * of {@code message} holding an id-like word matches where the word is a term of its own, or where
 * its pool term is and the document's text, checked, holds it ({@link PoolCheckedQuery}).
 */
final class PooledTermQueries {
  private PooledTermQueries() {}

  /** {@code query} with every term and phrase that may hold a pooled word able to find it. */
  static Query rewrite(Query query) {
    if (query instanceof BooleanQuery bool) {
      BooleanQuery.Builder b = new BooleanQuery.Builder().setMinimumNumberShouldMatch(bool.getMinimumNumberShouldMatch());
      bool.clauses().forEach(c -> b.add(rewrite(c.getQuery()), c.getOccur()));
      return b.build();
    }
    if (query instanceof BoostQuery boost) {
      return new BoostQuery(rewrite(boost.getQuery()), boost.getBoost());
    }
    if (query instanceof ConstantScoreQuery constant) {
      return new ConstantScoreQuery(rewrite(constant.getQuery()));
    }
    if (query instanceof DisjunctionMaxQuery max) {
      return new DisjunctionMaxQuery(max.getDisjuncts().stream().map(PooledTermQueries::rewrite).toList(),
          max.getTieBreakerMultiplier());
    }
    if (query instanceof TermQuery term && pooled(term.getTerm())) {
      return orChecked(term, new TermQuery(poolTerm(term.getTerm())));
    }
    if (query instanceof PhraseQuery phrase && anyPooled(phrase.getTerms())) {
      MultiPhraseQuery.Builder candidates = new MultiPhraseQuery.Builder().setSlop(phrase.getSlop());
      Term[] terms = phrase.getTerms();
      for (int i = 0; i < terms.length; i++) {
        candidates.add(pooled(terms[i]) ? new Term[] {terms[i], poolTerm(terms[i])} : new Term[] {terms[i]},
            phrase.getPositions()[i]);
      }
      return orChecked(phrase, candidates.build());
    }
    return query;
  }

  private static Query orChecked(Query exact, Query candidates) {
    return new BooleanQuery.Builder()
        .add(exact, BooleanClause.Occur.SHOULD)
        .add(new PoolCheckedQuery(candidates, exact), BooleanClause.Occur.SHOULD)
        .build();
  }

  private static boolean pooled(Term term) {
    return term.field().equals(PooledTerms.FIELD) && PooledTerms.looksLikeId(term.bytes());
  }

  private static boolean anyPooled(Term[] terms) {
    for (Term term : terms) {
      if (pooled(term)) {
        return true;
      }
    }
    return false;
  }

  private static Term poolTerm(Term word) {
    return new Term(word.field(), PooledTerms.poolTermOf(word.bytes()));
  }
}
