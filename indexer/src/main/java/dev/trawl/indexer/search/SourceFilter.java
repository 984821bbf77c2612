package dev.trawl.indexer.search;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * {@code _source} filtering: off, all, or includes/excludes patterns on dotted field paths
 * ({@code kubernetes.*}, {@code message}). An object is kept when its own path or one below it is
 * included.
 */
public final class SourceFilter {
  public static final SourceFilter ALL = new SourceFilter(true, List.of(), List.of());
  public static final SourceFilter NONE = new SourceFilter(false, List.of(), List.of());

  private final boolean enabled;
  private final List<String> includes;
  private final List<String> excludes;

  public SourceFilter(boolean enabled, List<String> includes, List<String> excludes) {
    this.enabled = enabled;
    this.includes = List.copyOf(includes);
    this.excludes = List.copyOf(excludes);
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
    Iterator<Map.Entry<String, JsonNode>> it = node.fields();
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

  private static boolean matchesAny(List<String> patterns, String path) {
    for (String p : patterns) {
      if (p.equals(path) || glob(p).matches(Path.of(path))) {
        return true;
      }
    }
    return false;
  }

  private static PathMatcher glob(String pattern) {
    return FileSystems.getDefault().getPathMatcher("glob:" + pattern.replace("/", "\\/"));
  }
}
