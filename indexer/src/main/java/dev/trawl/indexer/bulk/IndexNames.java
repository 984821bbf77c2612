package dev.trawl.indexer.bulk;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Elasticsearch's rules for the name of an index a document is written to. A stream's name becomes
 * a directory name under the data directory, so a name that could leave it ({@code ../x},
 * {@code a/b}) or that Elasticsearch would refuse never reaches the store.
 */
public final class IndexNames {
  public static final String INVALID = "invalid_index_name_exception";
  private static final String FORBIDDEN = "\\/*?\"<>| ,#:";
  private static final int MAX_BYTES = 255;

  private IndexNames() {}

  /** Why {@code name} cannot name an index, in Elasticsearch's words, or null when it can. */
  public static String problem(String name) {
    String invalid = "Invalid index name [" + name + "], ";
    if (name.isEmpty()) {
      return invalid + "must not be empty";
    }
    if (!name.toLowerCase(Locale.ROOT).equals(name)) {
      return invalid + "must be lowercase";
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (FORBIDDEN.indexOf(c) >= 0 || Character.isISOControl(c)) {
        return invalid + "must not contain the following characters [\\, /, *, ?, \", <, >, |, space, ',', #, :]";
      }
    }
    char first = name.charAt(0);
    if (first == '_' || first == '-' || first == '+') {
      return invalid + "must not start with '_', '-', or '+'";
    }
    if (name.equals(".") || name.equals("..")) {
      return invalid + "must not be '.' or '..'";
    }
    int bytes = name.getBytes(StandardCharsets.UTF_8).length;
    if (bytes > MAX_BYTES) {
      return invalid + "index name is too long, (" + bytes + " > " + MAX_BYTES + ")";
    }
    return null;
  }
}
