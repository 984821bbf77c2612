package dev.trawl.indexer.search;

import dev.trawl.indexer.api.EsException;
import dev.trawl.indexer.store.Timestamps;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Elasticsearch date math in UTC: an anchor ({@code now}, an RFC 3339 date or epoch milliseconds,
 * followed by {@code ||} when math follows a date), then {@code +N<unit>}/{@code -N<unit>} steps
 * and an optional {@code /<unit>} rounding; units y M w d h H m s.
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
    ZonedDateTime t = anchorTime(anchor, now).atZone(ZoneOffset.UTC);
    Matcher m = STEP.matcher(math);
    int pos = 0;
    while (pos < math.length()) {
      if (!m.find(pos) || m.start() != pos) {
        throw EsException.parsing("failed to parse date field [" + text + "]: bad date math at [" + math.substring(pos) + "]");
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

  private static Instant anchorTime(String anchor, Instant now) {
    if (anchor.equals("now")) {
      return now;
    }
    if (anchor.matches("-?\\d{1,19}")) {
      return Instant.ofEpochMilli(Long.parseLong(anchor));
    }
    try {
      String full = anchor.length() == 10 ? anchor + "T00:00:00Z" : anchor;
      return Timestamps.toInstant(Timestamps.parseNanos(full));
    } catch (IllegalArgumentException e) {
      throw EsException.parsing("failed to parse date field [" + anchor + "]: expected now, epoch millis or RFC 3339");
    }
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
