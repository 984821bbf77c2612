package dev.trawl.config;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a configuration value is written and parsed. {@link #parse} returns null when the text is not
 * a value of this type; the loader then reports the key and the text.
 *
 * @param <T> the parsed type
 */
public abstract class ValueType<T> {
  private final String expected;

  private ValueType(String expected) {
    this.expected = expected;
  }

  /** Words for the error message: "'x' is not {expected}". */
  public String expected() {
    return expected;
  }

  abstract T parse(String text);

  public static final ValueType<String> STRING =
      new ValueType<>("a string") {
        @Override
        String parse(String text) {
          return text;
        }
      };

  public static final ValueType<Boolean> BOOLEAN =
      new ValueType<>("a boolean (true or false)") {
        @Override
        Boolean parse(String text) {
          String t = text.trim().toLowerCase(Locale.ROOT);
          if (t.equals("true")) {
            return true;
          }
          return t.equals("false") ? false : null;
        }
      };

  /** A TCP port; 0 asks the OS for any free port (tests and the demo use it). */
  public static final ValueType<Integer> PORT =
      new ValueType<>("a port number (0-65535)") {
        @Override
        Integer parse(String text) {
          Long n = parseLong(text.trim());
          return n != null && n >= 0 && n <= 65535 ? n.intValue() : null;
        }
      };

  public static final ValueType<Integer> POSITIVE_INT =
      new ValueType<>("a whole number above 0") {
        @Override
        Integer parse(String text) {
          Long n = parseLong(text.trim());
          return n != null && n > 0 && n <= Integer.MAX_VALUE ? n.intValue() : null;
        }
      };

  public static final ValueType<Integer> NON_NEGATIVE_INT =
      new ValueType<>("a whole number, 0 or more") {
        @Override
        Integer parse(String text) {
          Long n = parseLong(text.trim());
          return n != null && n >= 0 && n <= Integer.MAX_VALUE ? n.intValue() : null;
        }
      };

  private static final Pattern SIZE =
      Pattern.compile("(\\d+)\\s*(b|k|kb|kib|m|mb|mib|g|gb|gib|t|tb|tib)?", Pattern.CASE_INSENSITIVE);

  /** A byte count: {@code 1048576}, {@code 512KiB}, {@code 1MiB}, {@code 1GiB} (powers of 1024). */
  public static final ValueType<Long> BYTES =
      new ValueType<>("a size in bytes (e.g. 1048576, 512KiB, 1GiB)") {
        @Override
        Long parse(String text) {
          Matcher m = SIZE.matcher(text.trim());
          if (!m.matches()) {
            return null;
          }
          Long n = parseLong(m.group(1));
          String unit = m.group(2) == null ? "b" : m.group(2).toLowerCase(Locale.ROOT);
          int shift =
              switch (unit.charAt(0)) {
                case 'k' -> 10;
                case 'm' -> 20;
                case 'g' -> 30;
                case 't' -> 40;
                default -> 0;
              };
          return n == null || n > (Long.MAX_VALUE >> shift) ? null : n << shift;
        }
      };

  private static final Pattern DURATION =
      Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)", Pattern.CASE_INSENSITIVE);

  /** A duration with a unit: {@code 500ms}, {@code 10s}, {@code 15m}, {@code 1h}, {@code 7d}. */
  public static final ValueType<Duration> DURATION_TYPE =
      new ValueType<>("a duration with a unit (e.g. 500ms, 10s, 15m, 1h, 7d)") {
        @Override
        Duration parse(String text) {
          Matcher m = DURATION.matcher(text.trim());
          if (!m.matches()) {
            return null;
          }
          Long n = parseLong(m.group(1));
          if (n == null) {
            return null;
          }
          return switch (m.group(2).toLowerCase(Locale.ROOT)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
          };
        }
      };

  /** A comma-separated list; blanks around items are dropped. */
  public static final ValueType<List<String>> LIST =
      new ValueType<>("a comma-separated list") {
        @Override
        List<String> parse(String text) {
          return Arrays.stream(text.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        }
      };

  /** One of a fixed set of lower-case words. */
  public static ValueType<String> oneOf(String... choices) {
    List<String> allowed = List.of(choices);
    return new ValueType<>("one of " + String.join(", ", allowed)) {
      @Override
      String parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        return allowed.contains(t) ? t : null;
      }
    };
  }

  private static Long parseLong(String digits) {
    try {
      return Long.parseLong(digits);
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
