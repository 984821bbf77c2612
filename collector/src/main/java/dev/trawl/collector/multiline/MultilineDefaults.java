package dev.trawl.collector.multiline;

import java.util.ArrayList;
import java.util.List;

/**
 * The multiline rule per namespace and container from configuration, for pods that carry no
 * {@code trawl.dev/multiline} annotation: entries {@code <namespace>/<container>=<rule>} separated
 * by {@code ;}, where either name may be {@code *}; the first entry that matches wins. Immutable.
 */
public final class MultilineDefaults {
  public static final MultilineDefaults NONE = new MultilineDefaults(List.of());

  private record Entry(String namespace, String container, String rule) {
    boolean matches(String ns, String c) {
      return (namespace.equals("*") || namespace.equals(ns)) && (container.equals("*") || container.equals(c));
    }
  }

  private final List<Entry> entries;

  private MultilineDefaults(List<Entry> entries) {
    this.entries = entries;
  }

  /**
   * Reads the entries and checks each rule.
   *
   * @throws IllegalArgumentException naming the entry that is not {@code ns/container=rule} or
   *     whose rule is neither a known name nor a valid regex
   */
  public static MultilineDefaults parse(String text) {
    if (text == null || text.isBlank()) {
      return NONE;
    }
    List<Entry> entries = new ArrayList<>();
    for (String item : text.split(";")) {
      if (item.isBlank()) {
        continue;
      }
      int eq = item.indexOf('=');
      int slash = item.indexOf('/');
      if (eq < 0 || slash < 0 || slash > eq) {
        throw new IllegalArgumentException("entry '" + item.trim() + "' is not <namespace>/<container>=<rule>");
      }
      String namespace = item.substring(0, slash).trim();
      String container = item.substring(slash + 1, eq).trim();
      String rule = item.substring(eq + 1).trim();
      if (namespace.isEmpty() || container.isEmpty() || rule.isEmpty()) {
        throw new IllegalArgumentException("entry '" + item.trim() + "' is not <namespace>/<container>=<rule>");
      }
      MultilineRule.of(rule);
      entries.add(new Entry(namespace, container, rule));
    }
    return new MultilineDefaults(List.copyOf(entries));
  }

  /** The rule for a container, or null when no entry matches. */
  public String ruleFor(String namespace, String container) {
    for (Entry e : entries) {
      if (e.matches(namespace, container)) {
        return e.rule();
      }
    }
    return null;
  }
}
