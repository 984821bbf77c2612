package dev.trawl.collector.multiline;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Tells whether a line continues the event before it. The built-in rules know Java, Go and Python
 * traces; any other annotation value is a regular expression that matches the first line of an
 * event (every line it does not match continues the one before). Thread-safe.
 */
public abstract class MultilineRule {
  private static final Pattern JAVA = Pattern.compile(
      "^(?:\\s|Caused by:|Suppressed:|\\.\\.\\. \\d+ (?:more|common frames omitted)"
          + "|[\\w$.]+(?:Exception|Error|Throwable)(?::|$))");
  private static final Pattern GO = Pattern.compile(
      "^(?:\\s|$|goroutine \\d+ \\[|created by |[\\w./*()-]+\\(.*\\)$|exit status \\d+)");
  private static final Pattern PYTHON = Pattern.compile(
      "^(?:\\s|Traceback \\(most recent call last\\):|During handling of the above exception"
          + "|The above exception was the direct cause|[\\w.]+(?:Error|Exception|Warning|Exit|Interrupt)(?::|$))");

  /** Whether the line continues the pending event. */
  public abstract boolean continues(byte[] b, int off, int len);

  /**
   * The rule an annotation names, or null for none.
   *
   * @throws IllegalArgumentException when the value is neither a known name nor a valid regex
   */
  public static MultilineRule of(String annotation) {
    if (annotation == null || annotation.isBlank()) {
      return null;
    }
    return switch (annotation.trim().toLowerCase(Locale.ROOT)) {
      case "java" -> continuing(JAVA);
      case "go" -> continuing(GO);
      case "python" -> continuing(PYTHON);
      default -> starting(annotation.trim());
    };
  }

  private static MultilineRule continuing(Pattern continuation) {
    return new MultilineRule() {
      @Override
      public boolean continues(byte[] b, int off, int len) {
        return continuation.matcher(new String(b, off, len, StandardCharsets.UTF_8)).find();
      }
    };
  }

  private static MultilineRule starting(String regex) {
    Pattern start;
    try {
      start = Pattern.compile(regex);
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException("multiline rule '" + regex + "' is not java, go, python or a valid regex: "
          + e.getDescription());
    }
    return new MultilineRule() {
      @Override
      public boolean continues(byte[] b, int off, int len) {
        return !start.matcher(new String(b, off, len, StandardCharsets.UTF_8)).lookingAt();
      }
    };
  }
}
