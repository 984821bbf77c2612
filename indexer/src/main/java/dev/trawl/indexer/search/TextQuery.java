package dev.trawl.indexer.search;

import java.util.regex.Pattern;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.util.QueryBuilder;

/**
 * Free text against an analysed field, as {@code match} and {@code simple_query_string} take it,
 * with one difference from Elasticsearch's standard analyzer that log search needs: a term without
 * whitespace that analyses to several words ({@code 10.244.3.17}, {@code status=500},
 * {@code /api/items/42}) matches them in order, as a phrase, rather than any one of them.
 */
final class TextQuery {
  private static final Pattern WHITESPACE = Pattern.compile("\\s+");

  private TextQuery() {}

  /** The terms of {@code text} combined with {@code occur}; null when it holds no word. */
  static Query of(QueryBuilder analysed, String field, String text, BooleanClause.Occur occur) {
    BooleanQuery.Builder all = new BooleanQuery.Builder();
    Query only = null;
    int clauses = 0;
    for (String term : WHITESPACE.split(text.strip())) {
      Query q = analysed.createPhraseQuery(field, term);
      if (q != null) {
        all.add(q, occur);
        only = q;
        clauses++;
      }
    }
    return clauses <= 1 ? only : all.build();
  }
}
