package dev.trawl.indexer.search;

import dev.trawl.indexer.api.EsException;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Elasticsearch date math: an anchor ({@code now}, or a date read by the range's {@link
 * DateFormat}, followed by {@code ||} when math follows a date), then {@code +N<unit>}/{@code
 * -N<unit>} steps and an optional {@code /<unit>} rounding, in the format's time zone; units
 * y M w d h H m s.
 */
public final class DateMath {
  private static final Pattern STEP = Pattern.compile("([+-])(\\d+)([yMwdhHms])|/([yMwdhHms])");

  private DateMath() {}

  /**
   * @param roundUp for an upper bound: rounding goes to the end of the unit, as Elasticsearch does
   *     for {@code lte}
   * @return epoch nanoseconds
   */
  public static long parse(String text, Instant now, boolean roundUp) {
    return parse(text, now, roundUp, DateFormat.DEFAULT);
  }

  /** As {@link #parse(String, Instant, boolean)}, reading dates and rounding as {@code format} says. */
  public static long parse(String text, Instant now, boolean roundUp, DateFormat format) {
    String anchor;
    String math;
    if (text.startsWith("now")) {
      anchor = "now";
      math = text.substring(3);
    } else {
      int bars = text.indexOf("||");
      anchor = bars < 0 ? text : text.substring(0, bars);
      math = bars < 0 ? "" : text.substring(bars + 2);
    }
    ZonedDateTime t = (anchor.equals("now") ? now : format.parse(anchor)).atZone(format.zone());
    Matcher m = STEP.matcher(math);
    int pos = 0;
    while (pos < math.length()) {
      if (!m.find(pos) || m.start() != pos) {
        throw EsException.dateParse("failed to parse date field [" + text + "]: bad date math at [" + math.substring(pos) + "]");
      }
      if (m.group(4) != null) {
        t = round(t, unit(m.group(4)), roundUp);
      } else {
        long n = Long.parseLong(m.group(2));
        t = t.plus(m.group(1).equals("+") ? n : -n, unit(m.group(3)));
      }
      pos = m.end();
    }
    Instant i = t.toInstant();
    return i.getEpochSecond() * 1_000_000_000L + i.getNano();
  }

  private static ChronoUnit unit(String u) {
    return switch (u) {
      case "y" -> ChronoUnit.YEARS;
      case "M" -> ChronoUnit.MONTHS;
      case "w" -> ChronoUnit.WEEKS;
      case "d" -> ChronoUnit.DAYS;
      case "h", "H" -> ChronoUnit.HOURS;
      case "m" -> ChronoUnit.MINUTES;
      default -> ChronoUnit.SECONDS;
    };
  }

  private static ZonedDateTime round(ZonedDateTime t, ChronoUnit unit, boolean up) {
    ZonedDateTime down = switch (unit) {
      case YEARS -> t.withDayOfYear(1).truncatedTo(ChronoUnit.DAYS);
      case MONTHS -> t.withDayOfMonth(1).truncatedTo(ChronoUnit.DAYS);
      case WEEKS -> t.minusDays(t.getDayOfWeek().getValue() - 1L).truncatedTo(ChronoUnit.DAYS);
      default -> t.truncatedTo(unit);
    };
    return up ? down.plus(1, unit).minusNanos(1) : down;
  }
}
