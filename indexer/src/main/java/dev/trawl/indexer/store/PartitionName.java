package dev.trawl.indexer.store;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Optional;

/**
 * A partition's name: the stream and the UTC hour, day or month of its documents' timestamps,
 * {@code logs-2026.11.23.14}, {@code logs-2026.11.23}, {@code logs-2026.11}, as Elasticsearch users
 * name time-based indices.
 */
public record PartitionName(String stream, Granularity granularity, LocalDateTime start) {
  /** How much time one partition holds. */
  public enum Granularity {
    HOUR("yyyy.MM.dd.HH", ChronoUnit.HOURS),
    DAY("yyyy.MM.dd", ChronoUnit.DAYS),
    MONTH("yyyy.MM", ChronoUnit.MONTHS);

    private final DateTimeFormatter format;
    private final String pattern;
    private final ChronoUnit unit;

    Granularity(String pattern, ChronoUnit unit) {
      this.pattern = pattern;
      this.format = DateTimeFormatter.ofPattern(pattern, Locale.ROOT);
      this.unit = unit;
    }

    LocalDateTime truncate(LocalDateTime time) {
      return switch (this) {
        case HOUR -> time.truncatedTo(ChronoUnit.HOURS);
        case DAY -> time.truncatedTo(ChronoUnit.DAYS);
        case MONTH -> time.truncatedTo(ChronoUnit.DAYS).withDayOfMonth(1);
      };
    }

    /** The granularity named by a config value: hour, day or month. */
    public static Granularity named(String value) {
      try {
        return valueOf(value.trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("'" + value + "' is not hour, day or month");
      }
    }
  }

  public static PartitionName of(String stream, long timestampNanos, Granularity granularity) {
    LocalDateTime time = LocalDateTime.ofInstant(Timestamps.toInstant(timestampNanos), ZoneOffset.UTC);
    return new PartitionName(stream, granularity, granularity.truncate(time));
  }

  /** Parses a directory name of any granularity; empty when it is not one of ours. */
  public static Optional<PartitionName> parse(String name) {
    int dash = name.lastIndexOf('-');
    if (dash <= 0) {
      return Optional.empty();
    }
    String suffix = name.substring(dash + 1);
    for (Granularity g : Granularity.values()) {
      if (suffix.length() == g.pattern.length()) {
        try {
          LocalDateTime start = switch (g) {
            case HOUR -> LocalDateTime.parse(suffix + ":00", DateTimeFormatter.ofPattern("yyyy.MM.dd.HH:mm", Locale.ROOT));
            case DAY -> java.time.LocalDate.parse(suffix, g.format).atStartOfDay();
            case MONTH -> java.time.YearMonth.parse(suffix, g.format).atDay(1).atStartOfDay();
          };
          return Optional.of(new PartitionName(name.substring(0, dash), g, start));
        } catch (DateTimeParseException e) {
          return Optional.empty();
        }
      }
    }
    return Optional.empty();
  }

  /** First nanosecond the partition holds. */
  public long startNanos() {
    return start.toEpochSecond(ZoneOffset.UTC) * 1_000_000_000L;
  }

  /** First nanosecond after it. */
  public long endNanos() {
    return start.plus(1, granularity.unit).toEpochSecond(ZoneOffset.UTC) * 1_000_000_000L;
  }

  @Override
  public String toString() {
    return stream + "-" + granularity.format.format(start);
  }
}
