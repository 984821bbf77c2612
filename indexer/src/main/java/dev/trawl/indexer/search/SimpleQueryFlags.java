package dev.trawl.indexer.search;

import dev.trawl.indexer.api.EsException;
import java.util.Locale;
import org.apache.lucene.queryparser.simple.SimpleQueryParser;

/** Elasticsearch's {@code simple_query_string} {@code flags} ({@code AND|OR|PREFIX}, {@code ALL}, {@code NONE}) as Lucene's. */
final class SimpleQueryFlags {
  private SimpleQueryFlags() {}

  static int parse(String text) {
    int flags = 0;
    for (String name : text.split("\\|")) {
      flags |= switch (name.trim().toUpperCase(Locale.ROOT)) {
        case "ALL" -> -1;
        case "NONE", "" -> 0;
        case "AND" -> SimpleQueryParser.AND_OPERATOR;
        case "OR" -> SimpleQueryParser.OR_OPERATOR;
        case "NOT" -> SimpleQueryParser.NOT_OPERATOR;
        case "PREFIX" -> SimpleQueryParser.PREFIX_OPERATOR;
        case "PHRASE" -> SimpleQueryParser.PHRASE_OPERATOR;
        case "PRECEDENCE" -> SimpleQueryParser.PRECEDENCE_OPERATORS;
        case "ESCAPE" -> SimpleQueryParser.ESCAPE_OPERATOR;
        case "WHITESPACE" -> SimpleQueryParser.WHITESPACE_OPERATOR;
        case "FUZZY" -> SimpleQueryParser.FUZZY_OPERATOR;
        case "NEAR", "SLOP" -> SimpleQueryParser.NEAR_OPERATOR;
        default -> throw EsException.illegalArgument("Unknown simple_query_string flag [" + name.trim() + "]");
      };
    }
    return flags;
  }
}
