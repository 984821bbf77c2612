package dev.trawl.collector.record;

import java.util.Locale;

/** How a log body is read into fields: the pod annotation {@code trawl.dev/parser}. */
public enum BodyParser {
  /** A JSON object body is read as JSON, a body of two or more {@code key=value} pairs as logfmt, else text. */
  AUTO,
  JSON,
  LOGFMT,
  /** The body stays text; only a leading level token is read. */
  NONE;

  /**
   * The parser an annotation names; null (no annotation) is {@link #AUTO}.
   *
   * @throws IllegalArgumentException naming the value when it is none of auto, json, logfmt, none
   */
  public static BodyParser of(String annotation) {
    if (annotation == null) {
      return AUTO;
    }
    return switch (annotation.trim().toLowerCase(Locale.ROOT)) {
      case "auto", "" -> AUTO;
      case "json" -> JSON;
      case "logfmt" -> LOGFMT;
      case "none" -> NONE;
      default -> throw new IllegalArgumentException(
          "parser '" + annotation + "' is none of auto, json, logfmt, none");
    };
  }
}
