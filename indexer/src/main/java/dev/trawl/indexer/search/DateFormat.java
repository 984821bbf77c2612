package dev.trawl.indexer.search;

import dev.trawl.indexer.api.EsException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import java.time.temporal.TemporalQueries;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * How the dates of a {@code range} are read, as Elasticsearch does: its {@code format} (built-in
 * names such as {@code strict_date_optional_time} and {@code epoch_millis}, or java.time patterns,
 * tried in turn when joined by {@code ||}) and its {@code time_zone}, which places dates written
 * without an offset and the rounding of date math.
 */
public final class DateFormat {
  private static final String DEFAULT_FORMAT = "strict_date_optional_time||epoch_millis";
  private static final DateTimeFormatter OPTIONAL_TIME = new DateTimeFormatterBuilder()
      .append(DateTimeFormatter.ISO_LOCAL_DATE)
      .optionalStart().appendLiteral('T')
      .appendValue(ChronoField.HOUR_OF_DAY, 2)
      .optionalStart().appendLiteral(':').appendValue(ChronoField.MINUTE_OF_HOUR, 2)
      .optionalStart().appendLiteral(':').appendValue(ChronoField.SECOND_OF_MINUTE, 2)
      .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 1, 9, true).optionalEnd()
      .optionalEnd().optionalEnd()
      .optionalStart().appendOffset("+HH:MM", "Z").optionalEnd()
      .optionalStart().appendOffset("+HHMM", "Z").optionalEnd()
      .optionalEnd()
      .toFormatter(Locale.ROOT).withResolverStyle(ResolverStyle.STRICT)
      .withChronology(java.time.chrono.IsoChronology.INSTANCE);

  private static final DateTimeFormatter NANOS_PRINTER = printer(3, 9);
  private static final DateTimeFormatter MILLIS_PRINTER = printer(3, 3);

  public static final DateFormat DEFAULT = new DateFormat(DEFAULT_FORMAT, ZoneOffset.UTC);

  private final String format;
  private final ZoneId zone;
  private final List<Function<String, Instant>> parsers = new ArrayList<>();
  /** Dates are printed in the first of the formats, as Elasticsearch does. */
  private final String printerName;

  private DateFormat(String format, ZoneId zone) {
    this.format = format;
    this.zone = zone;
    this.printerName = format.split("\\|\\|")[0].trim();
    for (String name : format.split("\\|\\|")) {
      parsers.add(parser(name.trim()));
    }
  }

  /** @param format null for the default; @param timeZone null for UTC */
  public static DateFormat of(String format, String timeZone) {
    ZoneId zone = ZoneOffset.UTC;
    if (timeZone != null) {
      try {
        zone = ZoneId.of(timeZone);
      } catch (DateTimeException e) {
        throw EsException.dateParse("failed to parse time_zone [" + timeZone + "]: " + e.getMessage());
      }
    }
    return format == null && zone.equals(ZoneOffset.UTC) ? DEFAULT : new DateFormat(format == null ? DEFAULT_FORMAT : format, zone);
  }

  public ZoneId zone() {
    return zone;
  }

  /** The instant a date text names, by the first format that reads it. */
  public Instant parse(String text) {
    for (Function<String, Instant> parser : parsers) {
      try {
        return parser.apply(text);
      } catch (DateTimeException | NumberFormatException e) {
        // the next format may read it
      }
    }
    throw EsException.dateParse("failed to parse date field [" + text + "] with format [" + format + "]");
  }

  /**
   * A date as text in the first of the formats, as Elasticsearch prints dates in hits' {@code
   * fields}: {@code strict_date_optional_time_nanos} keeps every significant fraction digit, the
   * millisecond formats (the default's first) three, {@code epoch_millis} adds a fraction only for
   * sub-millisecond precision.
   */
  public String print(long epochNanos) {
    Instant at = Instant.ofEpochSecond(Math.floorDiv(epochNanos, 1_000_000_000L), Math.floorMod(epochNanos, 1_000_000_000L));
    return switch (printerName) {
      case "strict_date_optional_time_nanos", "date_optional_time_nanos" -> NANOS_PRINTER.format(at.atZone(zone));
      case "strict_date_optional_time", "date_optional_time", "date_time", "strict_date_time" -> MILLIS_PRINTER.format(at.atZone(zone));
      case "epoch_millis" -> epochText(epochNanos, 1_000_000L);
      case "epoch_second" -> epochText(epochNanos, 1_000_000_000L);
      case "strict_date", "date" -> DateTimeFormatter.ISO_LOCAL_DATE.format(at.atZone(zone));
      default -> DateTimeFormatter.ofPattern(printerName, Locale.ROOT).format(at.atZone(zone));
    };
  }

  private static String epochText(long nanos, long nanosPerUnit) {
    java.math.BigDecimal units = java.math.BigDecimal.valueOf(nanos).divide(java.math.BigDecimal.valueOf(nanosPerUnit));
    return units.stripTrailingZeros().toPlainString();
  }

  private Function<String, Instant> parser(String name) {
    return switch (name) {
      case "epoch_millis" -> text -> epoch(text, 1_000_000L);
      case "epoch_second" -> text -> epoch(text, 1_000_000_000L);
      case "strict_date_optional_time", "date_optional_time", "strict_date_optional_time_nanos", "date_time",
          "strict_date_time", "strict_date", "date" -> text -> resolve(OPTIONAL_TIME.parse(text));
      default -> {
        DateTimeFormatter pattern;
        try {
          pattern = DateTimeFormatter.ofPattern(name, Locale.ROOT);
        } catch (IllegalArgumentException e) {
          throw EsException.dateParse("invalid date format [" + name + "]: " + e.getMessage());
        }
        yield text -> resolve(pattern.parse(text));
      }
    };
  }

  private static Instant epoch(String text, long nanosPerUnit) {
    if (!text.matches("-?\\d{1,19}(\\.\\d{1,9})?")) {
      throw new NumberFormatException(text);
    }
    java.math.BigDecimal nanos = new java.math.BigDecimal(text).multiply(java.math.BigDecimal.valueOf(nanosPerUnit));
    long n = nanos.longValue();
    return Instant.ofEpochSecond(Math.floorDiv(n, 1_000_000_000L), Math.floorMod(n, 1_000_000_000L));
  }

  private static DateTimeFormatter printer(int minFraction, int maxFraction) {
    return new DateTimeFormatterBuilder().append(DateTimeFormatter.ISO_LOCAL_DATE).appendLiteral('T')
        .appendValue(ChronoField.HOUR_OF_DAY, 2).appendLiteral(':').appendValue(ChronoField.MINUTE_OF_HOUR, 2)
        .appendLiteral(':').appendValue(ChronoField.SECOND_OF_MINUTE, 2)
        .appendFraction(ChronoField.NANO_OF_SECOND, minFraction, maxFraction, true)
        .appendOffset("+HH:MM", "Z").toFormatter(Locale.ROOT);
  }

  /** A parsed date with what it lacks filled in: midnight for a bare date, the time zone for no offset. */
  private Instant resolve(TemporalAccessor parsed) {
    LocalDate date = parsed.query(TemporalQueries.localDate());
    if (date == null) {
      throw new DateTimeException("no date");
    }
    LocalTime time = parsed.query(TemporalQueries.localTime());
    if (time == null) {
      time = LocalTime.of(parsed.isSupported(ChronoField.HOUR_OF_DAY) ? parsed.get(ChronoField.HOUR_OF_DAY) : 0,
          parsed.isSupported(ChronoField.MINUTE_OF_HOUR) ? parsed.get(ChronoField.MINUTE_OF_HOUR) : 0);
    }
    LocalDateTime local = LocalDateTime.of(date, time);
    ZoneOffset offset = parsed.query(TemporalQueries.offset());
    return offset != null ? local.toInstant(offset) : local.atZone(zone).toInstant();
  }

  @Override
  public String toString() {
    return format + (zone.equals(ZoneOffset.UTC) ? "" : " in " + zone);
  }
}
