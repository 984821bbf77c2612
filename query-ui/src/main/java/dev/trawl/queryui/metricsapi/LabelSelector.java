package dev.trawl.queryui.metricsapi;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Kubernetes label selector ({@code app=cart,tier in (web,api),!canary}) parsed as the API server
 * parses it, and turned into query clauses on a field prefix such as {@code kubernetes.labels.}.
 */
final class LabelSelector {
  enum Operator { EQUALS, NOT_EQUALS, IN, NOT_IN, EXISTS, DOES_NOT_EXIST }

  record Requirement(String key, Operator operator, List<String> values) {}

  private static final String KEY = "(?:[A-Za-z0-9][-A-Za-z0-9_.]*/)?[A-Za-z0-9](?:[-A-Za-z0-9_.]*[A-Za-z0-9])?";
  private static final String VALUE = "(?:[A-Za-z0-9](?:[-A-Za-z0-9_.]*[A-Za-z0-9])?)?";
  private static final Pattern SET = Pattern.compile("(" + KEY + ")\\s+(in|notin)\\s*\\(([^)]*)\\)");
  private static final Pattern COMPARE = Pattern.compile("(" + KEY + ")\\s*(==|!=|=)\\s*(" + VALUE + ")");
  private static final Pattern EXISTS = Pattern.compile("(!?)\\s*(" + KEY + ")");
  private static final Pattern VALUE_ONLY = Pattern.compile(VALUE);

  private final List<Requirement> requirements;

  private LabelSelector(List<Requirement> requirements) {
    this.requirements = List.copyOf(requirements);
  }

  static LabelSelector parse(String text) {
    List<Requirement> out = new ArrayList<>();
    if (text != null && !text.isBlank()) {
      for (String part : topLevelParts(text)) {
        out.add(requirement(part.trim(), text));
      }
    }
    return new LabelSelector(out);
  }

  List<Requirement> requirements() {
    return requirements;
  }

  LabelSelector without(String key) {
    return new LabelSelector(requirements.stream().filter(r -> !r.key().equals(key)).toList());
  }

  /** Adds this selector's clauses to a bool query's {@code filter} and {@code must_not}. */
  void addTo(ObjectNode bool, String fieldPrefix) {
    for (Requirement r : requirements) {
      String field = fieldPrefix + r.key();
      ArrayNode clauses = bool.withArray(switch (r.operator()) {
        case EQUALS, IN, EXISTS -> "filter";
        case NOT_EQUALS, NOT_IN, DOES_NOT_EXIST -> "must_not";
      });
      ObjectNode clause = clauses.addObject();
      switch (r.operator()) {
        case EQUALS, NOT_EQUALS -> clause.putObject("term").put(field, r.values().get(0));
        case IN, NOT_IN -> r.values().forEach(clause.putObject("terms").putArray(field)::add);
        case EXISTS, DOES_NOT_EXIST -> clause.putObject("exists").put("field", field);
      }
    }
  }

  private static Requirement requirement(String part, String whole) {
    Matcher m = SET.matcher(part);
    if (m.matches()) {
      List<String> values = new ArrayList<>();
      for (String v : m.group(3).split(",")) {
        String value = v.trim();
        if (!VALUE_ONLY.matcher(value).matches()) {
          throw invalid(part, whole);
        }
        values.add(value);
      }
      return new Requirement(m.group(1), m.group(2).equals("in") ? Operator.IN : Operator.NOT_IN, values);
    }
    m = COMPARE.matcher(part);
    if (m.matches()) {
      return new Requirement(m.group(1), m.group(2).equals("!=") ? Operator.NOT_EQUALS : Operator.EQUALS, List.of(m.group(3)));
    }
    m = EXISTS.matcher(part);
    if (m.matches()) {
      return new Requirement(m.group(2), m.group(1).isEmpty() ? Operator.EXISTS : Operator.DOES_NOT_EXIST, List.of());
    }
    throw invalid(part, whole);
  }

  private static KubeApiException invalid(String part, String whole) {
    return KubeApiException.badRequest("unable to parse requirement '" + part + "' of the label selector '" + whole + "'");
  }

  /** Splits on commas that are not inside {@code in (...)} lists. */
  private static List<String> topLevelParts(String text) {
    List<String> parts = new ArrayList<>();
    int depth = 0;
    int start = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '(') {
        depth++;
      } else if (c == ')') {
        depth--;
      } else if (c == ',' && depth == 0) {
        parts.add(text.substring(start, i));
        start = i + 1;
      }
    }
    parts.add(text.substring(start));
    return parts;
  }
}
