package dev.trawl.indexer.search;

import dev.trawl.indexer.api.EsException;
import dev.trawl.indexer.store.FieldAnalyzer;
import dev.trawl.indexer.store.DocumentMapper;
import dev.trawl.indexer.store.FieldKind;
import java.time.Instant;
import java.util.List;
import org.apache.lucene.document.KeywordField;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.SortedNumericDocValuesField;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.IndexSortSortedNumericDocValuesRangeQuery;
import org.apache.lucene.search.MatchNoDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.PrefixQuery;
import org.apache.lucene.search.RegexpQuery;
import org.apache.lucene.util.automaton.TooComplexToDeterminizeException;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.WildcardQuery;
import org.apache.lucene.util.automaton.Operations;
import org.apache.lucene.util.automaton.RegExp;
import org.apache.lucene.search.TermRangeQuery;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.NumericUtils;
import org.apache.lucene.util.QueryBuilder;

/**
 * Term, match and range queries on one field, by the field's kind: exact terms on keywords,
 * analysed terms on {@code message}, doc values on numbers, date math on {@code @timestamp}. Shared by
 * the JSON DSL and the {@code query_string} parser so both mean the same thing.
 */
final class FieldQueries {
  private final FieldKinds kinds;
  private final Instant now;
  private final QueryBuilder analyzed = new QueryBuilder(new FieldAnalyzer());

  FieldQueries(FieldKinds kinds, Instant now) {
    this.kinds = kinds;
    this.now = now;
  }

  FieldKind kind(String field) {
    return kinds.of(field);
  }

  Query term(String field, String value) {
    if (field.equals(DocumentMapper.ID)) {
      return IdQueries.exact(List.of(value));
    }
    return switch (kinds.of(field)) {
      case KEYWORD -> KeywordField.newExactQuery(field, value);
      case TEXT -> orNone(TextQuery.of(analyzed, field, value, BooleanClause.Occur.SHOULD));
      case LONG -> {
        long number = parseLong(field, value);
        yield numbers(field, number, number);
      }
      case DOUBLE -> {
        double number = parseDouble(field, value);
        yield doubles(field, number, number);
      }
      case DATE -> {
        long t = DateMath.parse(value, now, false);
        yield timeRange(field, t, t);
      }
    };
  }

  Query match(String field, String text, boolean and) {
    if (kinds.of(field) != FieldKind.TEXT) {
      return term(field, text);
    }
    return orNone(TextQuery.of(analyzed, field, text, and ? BooleanClause.Occur.MUST : BooleanClause.Occur.SHOULD));
  }

  Query phrase(String field, String text, int slop) {
    if (kinds.of(field) != FieldKind.TEXT) {
      return term(field, text);
    }
    return orNone(analyzed.createPhraseQuery(field, text, slop));
  }

  /**
   * {@code prefix}, {@code wildcard} ({@code *} and {@code ?}) or a case-insensitive {@code term}
   * on a keyword field or on the tokens of {@code message}, as Elasticsearch allows them.
   */
  Query pattern(String field, String clause, String value, boolean caseInsensitive) {
    FieldKind kind = kinds.of(field);
    if (kind != FieldKind.KEYWORD && kind != FieldKind.TEXT) {
      throw EsException.queryShard("Can only use " + clause + " queries on keyword and text fields - not on [" + field
          + "] which is of type [" + kind.name().toLowerCase(java.util.Locale.ROOT) + "]");
    }
    boolean ids = field.equals(DocumentMapper.ID);
    if (!caseInsensitive && !ids) {
      return switch (clause) {
        case "prefix" -> new PrefixQuery(new Term(field, value));
        case "wildcard" -> new WildcardQuery(new Term(field, value));
        default -> new TermQuery(new Term(field, value));
      };
    }
    if (!caseInsensitive && clause.equals("term")) {
      return term(field, value);
    }
    String regexp = regexp(clause, value);
    int flags = caseInsensitive ? RegExp.ASCII_CASE_INSENSITIVE : 0;
    try {
      return ids ? IdQueries.pattern(new RegExp(regexp, RegExp.ALL, flags).toAutomaton(),
          clause + (caseInsensitive ? " (any case) " : " ") + value)
          : new RegexpQuery(new Term(field, regexp), RegExp.ALL, flags, Operations.DEFAULT_DETERMINIZE_WORK_LIMIT);
    } catch (TooComplexToDeterminizeException e) {
      throw EsException.queryShard("failed to create query: the " + clause + " pattern [" + value
          + "] is too complex to run; use fewer wildcards");
    }
  }

  /** The pattern of a {@code prefix}, {@code wildcard} or {@code term} clause as a regular expression. */
  private static String regexp(String clause, String value) {
    StringBuilder regexp = new StringBuilder();
    for (int i = 0; i < value.length(); ) {
      int c = value.codePointAt(i);
      i += Character.charCount(c);
      if (clause.equals("wildcard") && c == '*') {
        regexp.append(".*");
      } else if (clause.equals("wildcard") && c == '?') {
        regexp.append('.');
      } else {
        if (".?+*|{}[]()\"#@&<>~".indexOf(c) >= 0) {
          regexp.append('\\');
        }
        regexp.appendCodePoint(c);
      }
    }
    if (clause.equals("prefix")) {
      regexp.append(".*");
    }
    return regexp.toString();
  }

  /** A range; either bound may be null (open). */
  Query range(String field, String lower, boolean includeLower, String upper, boolean includeUpper) {
    return range(field, lower, includeLower, upper, includeUpper, DateFormat.DEFAULT);
  }

  /** A range whose dates are read by {@code dates}; either bound may be null (open). */
  Query range(String field, String lower, boolean includeLower, String upper, boolean includeUpper, DateFormat dates) {
    return switch (kinds.of(field)) {
      case DATE -> timeRange(field, dateLower(lower, includeLower, dates), dateUpper(upper, includeUpper, dates));
      case LONG -> numbers(field, longLower(field, lower, includeLower), longUpper(field, upper, includeUpper));
      case DOUBLE -> doubles(field,
          lower == null ? Double.NEGATIVE_INFINITY : bump(parseDouble(field, lower), includeLower, true),
          upper == null ? Double.POSITIVE_INFINITY : bump(parseDouble(field, upper), includeUpper, false));
      case KEYWORD, TEXT -> new TermRangeQuery(field, lower == null ? null : new BytesRef(lower),
          upper == null ? null : new BytesRef(upper), includeLower, includeUpper);
    };
  }

  /**
   * Numbers have doc values only (see {@link DocumentMapper}): a search checks them on the
   * documents its other clauses, or the end of a newest-first page, leave. Partitions written with
   * points still hold doc values for every number, so one query reads both kinds.
   */
  private static Query numbers(String field, long lower, long upper) {
    return SortedNumericDocValuesField.newSlowRangeQuery(field, lower, upper);
  }

  /** Doubles, held in doc values as sortable bits. */
  private static Query doubles(String field, double lower, double upper) {
    return numbers(field, NumericUtils.doubleToSortableLong(lower), NumericUtils.doubleToSortableLong(upper));
  }

  /**
   * A time range. Partitions are sorted by {@code @timestamp}, so in each segment its matches are
   * one run of documents that a binary search over doc values finds (as Elasticsearch does for
   * sorted indices), so the field needs no points; a segment sorted otherwise is scanned.
   */
  private static Query timeRange(String field, long lower, long upper) {
    return new IndexSortSortedNumericDocValuesRangeQuery(field, lower, upper,
        NumericDocValuesField.newSlowRangeQuery(field, lower, upper));
  }

  long dateLower(String value, boolean inclusive, DateFormat dates) {
    if (value == null) {
      return Long.MIN_VALUE;
    }
    return inclusive ? DateMath.parse(value, now, false, dates) : DateMath.parse(value, now, true, dates) + 1;
  }

  long dateUpper(String value, boolean inclusive, DateFormat dates) {
    if (value == null) {
      return Long.MAX_VALUE;
    }
    return inclusive ? DateMath.parse(value, now, true, dates) : DateMath.parse(value, now, false, dates) - 1;
  }

  private static long longLower(String field, String v, boolean inclusive) {
    return v == null ? Long.MIN_VALUE : inclusive ? parseLong(field, v) : Math.addExact(parseLong(field, v), 1);
  }

  private static long longUpper(String field, String v, boolean inclusive) {
    return v == null ? Long.MAX_VALUE : inclusive ? parseLong(field, v) : Math.subtractExact(parseLong(field, v), 1);
  }

  private static double bump(double v, boolean inclusive, boolean lower) {
    return inclusive ? v : lower ? Math.nextUp(v) : Math.nextDown(v);
  }

  private static long parseLong(String field, String value) {
    try {
      return Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      throw EsException.queryShard("failed to create query: For input string: \"" + value + "\" (field [" + field + "] is a long)");
    }
  }

  private static double parseDouble(String field, String value) {
    try {
      return Double.parseDouble(value.trim());
    } catch (NumberFormatException e) {
      throw EsException.queryShard("failed to create query: For input string: \"" + value + "\" (field [" + field + "] is a double)");
    }
  }

  /** The analyser may leave no terms (only punctuation): that matches nothing, as in Elasticsearch. */
  private static Query orNone(Query q) {
    return q == null ? new MatchNoDocsQuery("no terms after analysis") : q;
  }
}
