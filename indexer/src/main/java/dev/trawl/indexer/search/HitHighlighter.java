package dev.trawl.indexer.search;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trawl.indexer.api.EsException;
import dev.trawl.indexer.store.FieldAnalyzer;
import dev.trawl.indexer.store.FieldKind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.text.BreakIterator;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.uhighlight.LengthGoalBreakIterator;
import org.apache.lucene.search.uhighlight.Passage;
import org.apache.lucene.search.uhighlight.PassageFormatter;
import org.apache.lucene.search.uhighlight.UnifiedHighlighter;
import org.apache.lucene.search.uhighlight.WholeBreakIterator;

/**
 * {@code highlight}: fragments of a hit's text and keyword fields with the query's matches between
 * tags, by Lucene's unified highlighter (Elasticsearch's default) re-analysing the {@code _source}
 * text. Fragments come in text order unless {@code order: score}; a field without a match is left
 * out. Options: {@code fields} (names or patterns, each with its own options), {@code pre_tags},
 * {@code post_tags}, {@code fragment_size}, {@code number_of_fragments} (0: the whole value),
 * {@code require_field_match}, {@code encoder} ({@code default} or {@code html}), {@code order},
 * {@code type} ({@code unified} or {@code plain}).
 */
public final class HitHighlighter {
  private static final Set<String> FIELD_KEYS = Set.of("pre_tags", "post_tags", "fragment_size", "number_of_fragments",
      "require_field_match", "encoder", "order", "type");
  private static final Set<String> KEYS;

  static {
    java.util.HashSet<String> keys = new java.util.HashSet<>(FIELD_KEYS);
    keys.add("fields");
    KEYS = Set.copyOf(keys);
  }

  private record Options(String pre, String post, int fragmentSize, int fragments, boolean requireFieldMatch,
      boolean html, boolean byScore) {}

  private record FieldRule(String pattern, Pattern glob, Options options) {}

  private final List<FieldRule> rules = new ArrayList<>();
  private final Map<Options, UnifiedHighlighter> highlighters = new java.util.HashMap<>();

  private HitHighlighter(JsonNode spec) {
    Options defaults = options(spec, new Options("<em>", "</em>", 100, 5, true, false, false), "highlight");
    JsonNode fields = spec.get("fields");
    if (fields == null || !(fields.isObject() || fields.isArray())) {
      throw EsException.parsing("[highlight] needs [fields]: an object of field names or patterns");
    }
    List<Map.Entry<String, JsonNode>> entries = new ArrayList<>();
    if (fields.isObject()) {
      fields.properties().forEach(entries::add);
    } else {
      fields.forEach(f -> f.properties().forEach(entries::add));
    }
    for (Map.Entry<String, JsonNode> e : entries) {
      rules.add(new FieldRule(e.getKey(), SourceFilter.glob(e.getKey()), options(e.getValue(), defaults, "highlight.fields." + e.getKey())));
    }
  }

  /** @return null for no highlighting; @throws EsException 400 naming an unsupported option */
  public static HitHighlighter parse(JsonNode spec) {
    if (spec == null || spec.isNull()) {
      return null;
    }
    if (!spec.isObject()) {
      throw EsException.parsing("[highlight] must be an object");
    }
    return new HitHighlighter(spec);
  }

  private static Options options(JsonNode o, Options inherited, String where) {
    if (!o.isObject()) {
      throw EsException.parsing("[" + where + "] must be an object");
    }
    o.fieldNames().forEachRemaining(k -> {
      if (!(where.equals("highlight") ? KEYS : FIELD_KEYS).contains(k)) {
        throw EsException.parsing("[" + where + "] option [" + k + "] is not supported");
      }
    });
    String type = o.path("type").asText("unified");
    if (!type.equals("unified") && !type.equals("plain")) {
      throw EsException.illegalArgument("[" + where + "] highlighter type [" + type + "] is not supported; use unified");
    }
    String encoder = o.path("encoder").asText(inherited.html() ? "html" : "default");
    if (!encoder.equals("default") && !encoder.equals("html")) {
      throw EsException.illegalArgument("[" + where + "] encoder [" + encoder + "] is not supported; use default or html");
    }
    String order = o.path("order").asText(inherited.byScore() ? "score" : "none");
    if (!order.equals("none") && !order.equals("score")) {
      throw EsException.illegalArgument("[" + where + "] order [" + order + "] is not supported; use none or score");
    }
    int fragmentSize = o.path("fragment_size").asInt(inherited.fragmentSize());
    int fragments = o.path("number_of_fragments").asInt(inherited.fragments());
    if (fragmentSize < 1 || fragments < 0) {
      throw EsException.illegalArgument("[" + where + "] fragment_size must be positive and number_of_fragments 0 or more");
    }
    return new Options(firstTag(o.get("pre_tags"), inherited.pre(), where), firstTag(o.get("post_tags"), inherited.post(), where),
        fragmentSize, fragments, o.path("require_field_match").asBoolean(inherited.requireFieldMatch()),
        encoder.equals("html"), order.equals("score"));
  }

  private static String firstTag(JsonNode tags, String inherited, String where) {
    if (tags == null) {
      return inherited;
    }
    if (!tags.isArray() || tags.isEmpty()) {
      throw EsException.parsing("[" + where + "] tags must be a non-empty array of strings");
    }
    return tags.get(0).asText();
  }

  /**
   * A hit's highlighted fragments by field; empty when nothing in it matches the query.
   *
   * @param leaves the hit's {@code _source} as {@link HitFields#leaves}
   */
  public Map<String, List<String>> highlight(Map<String, List<JsonNode>> leaves, Query query, FieldKinds kinds) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (Map.Entry<String, List<JsonNode>> leaf : leaves.entrySet()) {
      String field = leaf.getKey();
      FieldKind kind = kinds.of(field);
      if (kind != FieldKind.TEXT && kind != FieldKind.KEYWORD) {
        continue;
      }
      for (FieldRule rule : rules) {
        if (rule.glob().matcher(field).matches()) {
          List<String> fragments = fragments(field, leaf.getValue(), query, rule.options());
          if (!fragments.isEmpty()) {
            out.put(field, fragments);
          }
          break;
        }
      }
    }
    return out;
  }

  private List<String> fragments(String field, List<JsonNode> values, Query query, Options options) {
    UnifiedHighlighter highlighter = highlighters.computeIfAbsent(options, HitHighlighter::highlighter);
    List<String> out = new ArrayList<>();
    try {
      for (JsonNode value : values) {
        Object formatted = highlighter.highlightWithoutSearcher(field, query, value.asText(), Math.max(1, options.fragments()));
        if (formatted instanceof String[] fragments) {
          out.addAll(List.of(fragments));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return options.fragments() == 0 || out.size() <= options.fragments() ? out : out.subList(0, options.fragments());
  }

  private static UnifiedHighlighter highlighter(Options options) {
    UnifiedHighlighter.Builder builder = UnifiedHighlighter.builderWithoutSearcher(new FieldAnalyzer())
        .withMaxNoHighlightPassages(0)
        // each word of a phrase between its own tags, as Elasticsearch's unified highlighter marks them
        .withWeightMatches(false)
        .withFormatter(new TaggedFragments(options.pre(), options.post(), options.html()))
        .withBreakIterator(() -> options.fragments() == 0 ? new WholeBreakIterator()
            : LengthGoalBreakIterator.createClosestToLength(BreakIterator.getSentenceInstance(Locale.ROOT), options.fragmentSize(), 0.5f));
    if (!options.requireFieldMatch()) {
      builder.withFieldMatcher(name -> true);
    }
    if (options.byScore()) {
      builder.withPassageSortComparator(Comparator.comparingDouble(Passage::getScore).reversed());
    }
    return builder.build();
  }

  /** Formats each passage as its own fragment, matches between the tags, escaped for HTML if asked. */
  private static final class TaggedFragments extends PassageFormatter {
    private final String pre;
    private final String post;
    private final boolean html;

    TaggedFragments(String pre, String post, boolean html) {
      this.pre = pre;
      this.post = post;
      this.html = html;
    }

    @Override
    public Object format(Passage[] passages, String content) {
      String[] fragments = new String[passages.length];
      for (int i = 0; i < passages.length; i++) {
        Passage p = passages[i];
        StringBuilder b = new StringBuilder();
        int at = p.getStartOffset();
        for (int m = 0; m < p.getNumMatches(); m++) {
          int start = Math.max(at, p.getMatchStarts()[m]);
          int end = p.getMatchEnds()[m];
          if (end <= start) {
            continue;
          }
          append(b, content, at, start);
          b.append(pre);
          append(b, content, start, end);
          b.append(post);
          at = end;
        }
        append(b, content, at, p.getEndOffset());
        fragments[i] = b.toString().strip();
      }
      return fragments;
    }

    private void append(StringBuilder b, String content, int from, int to) {
      if (!html) {
        b.append(content, from, to);
        return;
      }
      for (int i = from; i < to; i++) {
        char c = content.charAt(i);
        switch (c) {
          case '&' -> b.append("&amp;");
          case '<' -> b.append("&lt;");
          case '>' -> b.append("&gt;");
          case '"' -> b.append("&quot;");
          case '\'' -> b.append("&#x27;");
          case '/' -> b.append("&#x2F;");
          default -> b.append(c);
        }
      }
    }
  }
}
