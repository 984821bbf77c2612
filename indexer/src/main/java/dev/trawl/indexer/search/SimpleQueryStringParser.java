package dev.trawl.indexer.search;

import dev.trawl.indexer.store.FieldAnalyzer;
import java.util.Map;
import org.apache.lucene.queryparser.simple.SimpleQueryParser;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.Query;

/**
 * {@code simple_query_string}'s syntax over weighted fields, its plain terms read as {@link
 * TextQuery} reads them. Not thread-safe: one per request.
 */
final class SimpleQueryStringParser extends SimpleQueryParser {
  SimpleQueryStringParser(Map<String, Float> weights, int flags) {
    super(new FieldAnalyzer(), weights, flags);
  }

  @Override
  protected Query newDefaultQuery(String text) {
    BooleanQuery.Builder anyField = new BooleanQuery.Builder();
    for (Map.Entry<String, Float> field : weights.entrySet()) {
      Query q = TextQuery.of(this, field.getKey(), text, getDefaultOperator());
      if (q != null) {
        anyField.add(field.getValue() == 1f ? q : new BoostQuery(q, field.getValue()), BooleanClause.Occur.SHOULD);
      }
    }
    return simplify(anyField.build());
  }
}
