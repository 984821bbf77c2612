package dev.trawl.indexer.search;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code _source} filtering: off, all, or includes/excludes patterns on dotted field paths
 * ({@code kubernetes.*}, {@code message}). An object is kept when its own path or one below it is
 * included.
 */
public final class SourceFilter {
  public static final SourceFilter ALL = new SourceFilter(true, List.of(), List.of());
  public static final SourceFilter NONE = new SourceFilter(false, List.of(), List.of());

  private final boolean enabled;
  private final List<Pattern> includes;
  private final List<Pattern> excludes;

  /** Patterns are field paths where {@code *} matches any characters, dots and slashes included. */
  public SourceFilter(boolean enabled, List<String> includes, List<String> excludes) {
    this.enabled = enabled;
    this.includes = includes.stream().map(SourceFilter::glob).toList();
    this.excludes = excludes.stream().map(SourceFilter::glob).toList();
  }

  /** A field-path pattern where {@code *} matches any characters, dots included. */
  static Pattern glob(String glob) {
    StringBuilder regex = new StringBuilder();
    for (String part : glob.split("\\*", -1)) {
      if (regex.length() > 0) {
        regex.append(".*");
      }
      regex.append(Pattern.quote(part));
    }
    return Pattern.compile(regex.toString());
  }

  public boolean enabled() {
    return enabled;
  }

  public boolean filters() {
    return !includes.isEmpty() || !excludes.isEmpty();
  }

  /** Removes, in place, what the patterns leave out. */
  public void apply(ObjectNode source) {
    filter(source, "");
  }

  private void filter(ObjectNode node, String prefix) {
    Iterator<Map.Entry<String, JsonNode>> it = node.properties().iterator();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      String path = prefix + e.getKey();
      if (matchesAny(excludes, path)) {
        it.remove();
      } else if (e.getValue().isObject() && !matchesAny(includes, path)) {
        filter((ObjectNode) e.getValue(), path + ".");
        if (e.getValue().isEmpty() && !includes.isEmpty()) {
          it.remove();
        }
      } else if (!includes.isEmpty() && !matchesAny(includes, path)) {
        it.remove();
      }
    }
  }

  private static boolean matchesAny(List<Pattern> patterns, String path) {
    for (Pattern p : patterns) {
      if (p.matcher(path).matches()) {
        return true;
      }
    }
    return false;
  }
}
