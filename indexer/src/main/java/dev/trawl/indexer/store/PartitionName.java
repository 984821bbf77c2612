package dev.trawl.indexer.store;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

/**
 * A partition's name: the stream and the UTC day of its documents' timestamps,
 * {@code logs-2026.11.23}, as Elasticsearch users name daily indices.
 */
public record PartitionName(String stream, LocalDate day) {
  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy.MM.dd");

  public static PartitionName of(String stream, long timestampNanos) {
    return new PartitionName(stream, Timestamps.toInstant(timestampNanos).atZone(ZoneOffset.UTC).toLocalDate());
  }

  /** Parses a directory name; empty when it is not one of ours. */
  public static Optional<PartitionName> parse(String name) {
    int dash = name.lastIndexOf('-');
    if (dash <= 0) {
      return Optional.empty();
    }
    try {
      return Optional.of(new PartitionName(name.substring(0, dash), LocalDate.parse(name.substring(dash + 1), DAY)));
    } catch (java.time.format.DateTimeParseException e) {
      return Optional.empty();
    }
  }

  /** First nanosecond of the day. */
  public long startNanos() {
    return day.atStartOfDay(ZoneOffset.UTC).toEpochSecond() * 1_000_000_000L;
  }

  /** First nanosecond of the next day. */
  public long endNanos() {
    return day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toEpochSecond() * 1_000_000_000L;
  }

  @Override
  public String toString() {
    return stream + "-" + DAY.format(day);
  }
}
