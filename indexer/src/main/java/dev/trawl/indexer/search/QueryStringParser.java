package dev.trawl.indexer.search;

import dev.trawl.indexer.store.FieldAnalyzer;
import dev.trawl.indexer.store.FieldKind;
import org.apache.lucene.queryparser.classic.ParseException;
import org.apache.lucene.queryparser.classic.QueryParser;
import org.apache.lucene.search.FieldExistsQuery;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.Query;

/**
 * Lucene query syntax, as {@code query_string} takes it, aware of field kinds: {@code status:500}
 * on a long field and {@code @timestamp:[now-1h TO now]} work, {@code _exists_:field} tests
 * presence. Not thread-safe: one per request.
 */
final class QueryStringParser extends QueryParser {
  private final FieldQueries fields;

  QueryStringParser(String defaultField, FieldQueries fields, boolean allowLeadingWildcard, Operator operator) {
    super(defaultField, new FieldAnalyzer());
    this.fields = fields;
    setAllowLeadingWildcard(allowLeadingWildcard);
    setDefaultOperator(operator);
    // a term that analyses to several words (10.244.3.17, status=500) means them in order
    setSplitOnWhitespace(true);
    setAutoGeneratePhraseQueries(true);
  }

  @Override
  protected Query getFieldQuery(String field, String queryText, boolean quoted) throws ParseException {
    if (field.equals("_exists_")) {
      return new FieldExistsQuery(queryText);
    }
    FieldKind kind = fields.kind(field);
    if (kind != FieldKind.TEXT) {
      return fields.term(field, queryText);
    }
    return super.getFieldQuery(field, queryText, quoted);
  }

  /** As Elasticsearch: a bare {@code *} matches everything, {@code field:*} means the field exists. */
  @Override
  protected Query getWildcardQuery(String field, String termStr) throws ParseException {
    if ("*".equals(termStr)) {
      return field.equals(getField()) || field.equals("*") ? new MatchAllDocsQuery() : new FieldExistsQuery(field);
    }
    return super.getWildcardQuery(field, termStr);
  }

  @Override
  protected Query getRangeQuery(String field, String part1, String part2, boolean startInclusive,
      boolean endInclusive) throws ParseException {
    String lower = part1 == null || part1.equals("*") ? null : part1;
    String upper = part2 == null || part2.equals("*") ? null : part2;
    return fields.range(field, lower, startInclusive, upper, endInclusive);
  }
}
