package dev.trawl.indexer.search;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trawl.indexer.api.EsException;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import org.apache.lucene.queryparser.classic.ParseException;
import org.apache.lucene.util.automaton.TooComplexToDeterminizeException;
import org.apache.lucene.queryparser.classic.QueryParser;
import org.apache.lucene.queryparser.simple.SimpleQueryParser;
import dev.trawl.indexer.store.FieldKind;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.FieldExistsQuery;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermInSetQuery;
import org.apache.lucene.util.BytesRef;

/**
 * The query DSL to Lucene: {@code match_all}, {@code query_string}, {@code simple_query_string},
 * {@code match}, {@code match_phrase}, {@code multi_match}, {@code term}, {@code terms}, {@code prefix}, {@code
 * wildcard}, {@code range}, {@code exists}, {@code ids}, {@code bool}.
 * Any other clause or parameter is a 400 that names it, never silently ignored.
 */
public final class QueryTranslator {
  private static final Set<String> QUERY_STRING_PARAMS = Set.of("query", "default_field", "fields",
      "default_operator", "allow_leading_wildcard", "analyze_wildcard", "lenient", "boost");
  /** Where a query names no field, as Trawl's one analysed field. */
  private static final String DEFAULT_FIELD = "message";
  private static final Set<String> SIMPLE_QUERY_STRING_PARAMS = Set.of("query", "fields", "default_operator",
      "flags", "analyze_wildcard", "lenient", "boost");
  private static final Set<String> RANGE_PARAMS = Set.of("gte", "gt", "lte", "lt", "format", "time_zone", "boost");
  private static final Set<String> BOOL_PARAMS = Set.of("must", "filter", "should", "must_not",
      "minimum_should_match", "boost");

  private final FieldQueries fields;

  public QueryTranslator(FieldKinds kinds, Instant now) {
    this.fields = new FieldQueries(kinds, now);
  }

  /** The Lucene query of a query DSL clause. */
  public Query translate(JsonNode query) {
    return PooledTermQueries.rewrite(clause(query));
  }

  private Query clause(JsonNode query) {
    if (query == null || query.isNull()) {
      return new MatchAllDocsQuery();
    }
    Map.Entry<String, JsonNode> clause = single(query, "query");
    String name = clause.getKey();
    JsonNode body = clause.getValue();
    return switch (name) {
      case "match_all" -> new MatchAllDocsQuery();
      case "query_string" -> queryString(body);
      case "match" -> match(body, false);
      case "match_phrase" -> match(body, true);
      case "multi_match" -> multiMatch(body);
      case "term" -> term(body);
      case "prefix" -> pattern(body, "prefix");
      case "wildcard" -> pattern(body, "wildcard");
      case "simple_query_string" -> simpleQueryString(body);
      case "terms" -> terms(body);
      case "range" -> range(body);
      case "exists" -> new FieldExistsQuery(text(body.get("field"), "exists.field"));
      case "ids" -> ids(body);
      case "bool" -> bool(body);
      default -> throw EsException.parsing("unknown query [" + name + "]");
    };
  }

  /** The {@code @timestamp} bounds of a range at the top or in a top-level bool's must/filter. */
  public static TimeRange timeRange(JsonNode query, Instant now) {
    TimeRange range = TimeRange.ALL;
    if (query == null || !query.isObject()) {
      return range;
    }
    JsonNode r = query.path("range").path("@timestamp");
    if (r.isObject()) {
      FieldQueries dates = new FieldQueries(new FieldKinds(java.util.List.of()), now);
      DateFormat format = dateFormat(r);
      long from = r.has("gte") ? dates.dateLower(r.get("gte").asText(), true, format)
          : r.has("gt") ? dates.dateLower(r.get("gt").asText(), false, format) : Long.MIN_VALUE;
      long to = r.has("lte") ? dates.dateUpper(r.get("lte").asText(), true, format)
          : r.has("lt") ? dates.dateUpper(r.get("lt").asText(), false, format) : Long.MAX_VALUE - 1;
      return new TimeRange(from, to + 1);
    }
    JsonNode bool = query.path("bool");
    for (String occur : new String[] {"must", "filter"}) {
      JsonNode clauses = bool.path(occur);
      if (clauses.isArray()) {
        for (JsonNode c : clauses) {
          range = range.intersect(timeRange(c, now));
        }
      } else if (clauses.isObject()) {
        range = range.intersect(timeRange(clauses, now));
      }
    }
    return range;
  }

  private Query queryString(JsonNode body) {
    checkParams(body, QUERY_STRING_PARAMS, "query_string");
    String text = text(body.get("query"), "query_string.query");
    String defaultField = body.path("default_field").asText(DEFAULT_FIELD);
    if (body.has("fields")) {
      JsonNode list = body.get("fields");
      if (!list.isArray() || list.size() != 1) {
        throw EsException.parsing("[query_string] supports one entry in [fields]; use default_field or bool should for more");
      }
      defaultField = list.get(0).asText();
    }
    if (defaultField.equals("*")) {
      defaultField = DEFAULT_FIELD;
    }
    QueryParser.Operator op = body.path("default_operator").asText("OR").equalsIgnoreCase("AND")
        ? QueryParser.Operator.AND : QueryParser.Operator.OR;
    QueryStringParser parser = new QueryStringParser(defaultField, fields,
        body.path("allow_leading_wildcard").asBoolean(false), op);
    try {
      return withPositiveClause(parser.parse(text));
    } catch (ParseException e) {
      String reason = e.getMessage() == null ? "bad syntax" : e.getMessage().split("\n")[0];
      throw EsException.parsing("Failed to parse query [" + text + "]: " + reason);
    } catch (IllegalArgumentException | TooComplexToDeterminizeException e) {
      // a /regular expression/ Lucene cannot read, or one too costly to run
      throw EsException.queryShard("failed to create query: [" + text + "]: " + e.getMessage());
    }
  }

  private Query match(JsonNode body, boolean phrase) {
    String clause = phrase ? "match_phrase" : "match";
    Map.Entry<String, JsonNode> f = single(body, clause);
    JsonNode v = f.getValue();
    String text;
    boolean and = false;
    int slop = 0;
    if (v.isObject()) {
      checkParams(v, phrase ? Set.of("query", "boost", "slop") : Set.of("query", "operator", "boost"), clause);
      text = text(v.get("query"), clause + ".query");
      and = v.path("operator").asText("or").equalsIgnoreCase("and");
      slop = slop(v.get("slop"));
    } else {
      text = text(v, clause + "." + f.getKey());
    }
    return phrase ? fields.phrase(f.getKey(), text, slop) : fields.match(f.getKey(), text, and);
  }

  /** How far apart a phrase's words may be, as Elasticsearch's {@code slop}: a whole number, 0 when absent. */
  private static int slop(JsonNode slop) {
    if (slop == null) {
      return 0;
    }
    int value;
    try {
      value = slop.isIntegralNumber() && slop.canConvertToInt() ? slop.intValue() : Integer.parseInt(slop.asText().trim());
    } catch (NumberFormatException e) {
      value = -1;
    }
    if (value < 0) {
      throw EsException.parsing("[match_phrase] slop must be a whole number of 0 or more, got [" + slop + "]");
    }
    return value;
  }

  /**
   * {@code multi_match} (what Kibana's KQL sends for free text): {@code best_fields} takes the best
   * field's score, {@code most_fields} adds them up, {@code phrase} matches the words in order. No
   * {@code fields} means {@code message}, as for {@code query_string}.
   */
  private Query multiMatch(JsonNode body) {
    checkParams(body, Set.of("query", "fields", "type", "operator", "lenient", "boost", "tie_breaker"), "multi_match");
    String text = text(body.get("query"), "multi_match.query");
    String type = body.path("type").asText("best_fields");
    if (!type.equals("best_fields") && !type.equals("most_fields") && !type.equals("phrase")) {
      throw EsException.parsing("[multi_match] type [" + type + "] is not supported; use best_fields, most_fields or phrase");
    }
    boolean and = body.path("operator").asText("or").equalsIgnoreCase("and");
    boolean lenient = body.path("lenient").asBoolean(false);
    java.util.List<String> names = new java.util.ArrayList<>();
    body.path("fields").forEach(f -> names.add(f.asText().split("\\^", 2)[0]));
    names.remove("*");
    if (names.isEmpty()) {
      names.add(DEFAULT_FIELD);
    }
    java.util.List<Query> perField = new java.util.ArrayList<>();
    for (String field : names) {
      try {
        perField.add(type.equals("phrase") ? fields.phrase(field, text, 0) : fields.match(field, text, and));
      } catch (EsException e) {
        if (!lenient) {
          throw e;
        }
      }
    }
    if (perField.isEmpty()) {
      return new org.apache.lucene.search.MatchNoDocsQuery();
    }
    if (type.equals("most_fields")) {
      BooleanQuery.Builder any = new BooleanQuery.Builder();
      perField.forEach(q -> any.add(q, BooleanClause.Occur.SHOULD));
      return any.build();
    }
    return new org.apache.lucene.search.DisjunctionMaxQuery(perField, (float) body.path("tie_breaker").asDouble(0));
  }

  private Query term(JsonNode body) {
    Map.Entry<String, JsonNode> f = single(body, "term");
    JsonNode v = f.getValue();
    if (v.isObject()) {
      checkParams(v, Set.of("value", "boost", "case_insensitive"), "term");
      if (v.path("case_insensitive").asBoolean(false)) {
        return fields.pattern(f.getKey(), "term", text(v.get("value"), "term." + f.getKey()), true);
      }
      v = v.get("value");
    }
    return fields.term(f.getKey(), text(v, "term." + f.getKey()));
  }

  /** {@code prefix} and {@code wildcard}: {@code {"field": "value"}} or {@code {"field": {"value": …}}}. */
  private Query pattern(JsonNode body, String clause) {
    Map.Entry<String, JsonNode> f = single(body, clause);
    JsonNode v = f.getValue();
    boolean caseInsensitive = false;
    if (v.isObject()) {
      checkParams(v, Set.of("value", clause, "boost", "case_insensitive", "rewrite"), clause);
      caseInsensitive = v.path("case_insensitive").asBoolean(false);
      v = v.has("value") ? v.get("value") : v.get(clause);
    }
    return fields.pattern(f.getKey(), clause, text(v, clause + "." + f.getKey()), caseInsensitive);
  }

  private Query simpleQueryString(JsonNode body) {
    checkParams(body, SIMPLE_QUERY_STRING_PARAMS, "simple_query_string");
    String text = text(body.get("query"), "simple_query_string.query");
    Map<String, Float> weights = new java.util.LinkedHashMap<>();
    JsonNode list = body.path("fields");
    if (list.isArray() && !list.isEmpty()) {
      list.forEach(f -> {
        String[] nameAndBoost = f.asText().split("\\^", 2);
        weights.put(nameAndBoost[0], nameAndBoost.length == 2 ? Float.parseFloat(nameAndBoost[1]) : 1f);
      });
    } else {
      weights.put(DEFAULT_FIELD, 1f);
    }
    weights.remove("*");
    if (weights.isEmpty()) {
      weights.put(DEFAULT_FIELD, 1f);
    }
    boolean lenient = body.path("lenient").asBoolean(false);
    weights.keySet().removeIf(field -> {
      FieldKind kind = fields.kind(field);
      if (kind == FieldKind.TEXT || kind == FieldKind.KEYWORD) {
        return false;
      }
      if (lenient) {
        return true;
      }
      throw EsException.parsing("[simple_query_string] supports text and keyword fields, not [" + field
          + "] of type [" + kind.name().toLowerCase(java.util.Locale.ROOT) + "]; set lenient to skip it");
    });
    if (weights.isEmpty()) {
      return new org.apache.lucene.search.MatchNoDocsQuery();
    }
    SimpleQueryParser parser = new SimpleQueryStringParser(weights, SimpleQueryFlags.parse(body.path("flags").asText("ALL")));
    parser.setDefaultOperator(body.path("default_operator").asText("OR").equalsIgnoreCase("AND")
        ? BooleanClause.Occur.MUST : BooleanClause.Occur.SHOULD);
    Query q = parser.parse(text);
    return q == null ? new org.apache.lucene.search.MatchNoDocsQuery() : withPositiveClause(q);
  }

  private Query terms(JsonNode body) {
    Map.Entry<String, JsonNode> f = single(body, "terms");
    if (!f.getValue().isArray()) {
      throw EsException.parsing("[terms] query requires an array of values for field [" + f.getKey() + "]");
    }
    String field = f.getKey();
    if (field.equals(dev.trawl.indexer.store.DocumentMapper.ID)) {
      return ids(f.getValue().elements());
    }
    if (fields.kind(field) == dev.trawl.indexer.store.FieldKind.KEYWORD) {
      java.util.List<BytesRef> values = new java.util.ArrayList<>();
      f.getValue().forEach(v -> values.add(new BytesRef(v.asText())));
      return new TermInSetQuery(field, values);
    }
    BooleanQuery.Builder any = new BooleanQuery.Builder();
    f.getValue().forEach(v -> any.add(fields.term(field, v.asText()), BooleanClause.Occur.SHOULD));
    return any.build();
  }

  private Query ids(JsonNode body) {
    checkParams(body, Set.of("values", "boost"), "ids");
    if (!body.path("values").isArray()) {
      throw EsException.parsing("[ids] query requires an array of [values]");
    }
    return ids(body.get("values").elements());
  }

  private static Query ids(java.util.Iterator<JsonNode> values) {
    java.util.List<String> ids = new java.util.ArrayList<>();
    values.forEachRemaining(v -> ids.add(v.asText()));
    return IdQueries.exact(ids);
  }

  private Query range(JsonNode body) {
    Map.Entry<String, JsonNode> f = single(body, "range");
    JsonNode r = f.getValue();
    checkParams(r, RANGE_PARAMS, "range");
    String lower = r.has("gte") ? r.get("gte").asText() : r.has("gt") ? r.get("gt").asText() : null;
    String upper = r.has("lte") ? r.get("lte").asText() : r.has("lt") ? r.get("lt").asText() : null;
    return fields.range(f.getKey(), lower, !r.has("gt"), upper, !r.has("lt"), dateFormat(r));
  }

  private static DateFormat dateFormat(JsonNode range) {
    return DateFormat.of(range.has("format") ? range.get("format").asText() : null,
        range.has("time_zone") ? range.get("time_zone").asText() : null);
  }

  private Query bool(JsonNode body) {
    checkParams(body, BOOL_PARAMS, "bool");
    BooleanQuery.Builder b = new BooleanQuery.Builder();
    add(b, body.get("must"), BooleanClause.Occur.MUST);
    add(b, body.get("filter"), BooleanClause.Occur.FILTER);
    add(b, body.get("should"), BooleanClause.Occur.SHOULD);
    add(b, body.get("must_not"), BooleanClause.Occur.MUST_NOT);
    if (body.has("minimum_should_match")) {
      b.setMinimumNumberShouldMatch(body.get("minimum_should_match").asInt());
    }
    BooleanQuery q = b.build();
    if (q.clauses().isEmpty()) {
      return new MatchAllDocsQuery();
    }
    boolean onlyNegative = q.clauses().stream().allMatch(c -> c.getOccur() == BooleanClause.Occur.MUST_NOT);
    if (onlyNegative) {
      b.add(new MatchAllDocsQuery(), BooleanClause.Occur.FILTER);
      return b.build();
    }
    return q;
  }

  /**
   * As Elasticsearch does: a boolean query (at any depth) with only negative clauses means "all
   * documents except", not "none", so it gets a match-all clause.
   */
  private static Query withPositiveClause(Query query) {
    if (!(query instanceof BooleanQuery bool)) {
      return query;
    }
    BooleanQuery.Builder b = new BooleanQuery.Builder().setMinimumNumberShouldMatch(bool.getMinimumNumberShouldMatch());
    boolean onlyNegative = !bool.clauses().isEmpty();
    for (BooleanClause c : bool.clauses()) {
      b.add(withPositiveClause(c.getQuery()), c.getOccur());
      onlyNegative &= c.getOccur() == BooleanClause.Occur.MUST_NOT;
    }
    if (onlyNegative) {
      b.add(new MatchAllDocsQuery(), BooleanClause.Occur.FILTER);
    }
    return b.build();
  }

  private void add(BooleanQuery.Builder b, JsonNode clauses, BooleanClause.Occur occur) {
    if (clauses == null) {
      return;
    }
    if (clauses.isArray()) {
      clauses.forEach(c -> b.add(clause(c), occur));
    } else {
      b.add(clause(clauses), occur);
    }
  }

  private static Map.Entry<String, JsonNode> single(JsonNode node, String where) {
    if (node == null || !node.isObject() || node.size() != 1) {
      throw EsException.parsing("[" + where + "] must be an object with exactly one key");
    }
    Iterator<Map.Entry<String, JsonNode>> it = node.properties().iterator();
    return it.next();
  }

  private static void checkParams(JsonNode body, Set<String> known, String clause) {
    if (!body.isObject()) {
      throw EsException.parsing("[" + clause + "] must be an object");
    }
    body.fieldNames().forEachRemaining(name -> {
      if (!known.contains(name)) {
        throw EsException.parsing("[" + clause + "] query does not support [" + name + "]");
      }
    });
  }

  private static String text(JsonNode v, String where) {
    if (v == null || v.isNull() || v.isContainerNode()) {
      throw EsException.parsing("[" + where + "] requires a value");
    }
    return v.asText();
  }
}
