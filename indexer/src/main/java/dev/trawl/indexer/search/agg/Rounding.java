package dev.trawl.indexer.search.agg;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;

/** Where a date_histogram bucket starts and the next one begins, in epoch milliseconds. */
abstract class Rounding {
  abstract long floor(long millis);

  abstract long next(long bucketStart);

  /** Fixed-length buckets, aligned on the zone's local time (a fixed offset, as at each instant). */
  static Rounding fixed(long intervalMillis, ZoneId zone) {
    return new Rounding() {
      @Override
      long floor(long millis) {
        long offset = zone.getRules().getOffset(Instant.ofEpochMilli(millis)).getTotalSeconds() * 1000L;
        return Math.floorDiv(millis + offset, intervalMillis) * intervalMillis - offset;
      }

      @Override
      long next(long bucketStart) {
        return bucketStart + intervalMillis;
      }
    };
  }

  /** Calendar buckets in the zone: minutes to years, weeks starting on Monday, DST-aware. */
  static Rounding calendar(ChronoUnit unit, int months, ZoneId zone) {
    return new Rounding() {
      @Override
      long floor(long millis) {
        ZonedDateTime t = Instant.ofEpochMilli(millis).atZone(zone);
        ZonedDateTime start = switch (unit) {
          case WEEKS -> t.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)).truncatedTo(ChronoUnit.DAYS);
          case MONTHS -> t.withDayOfMonth(1).truncatedTo(ChronoUnit.DAYS)
              .withMonth(((t.getMonthValue() - 1) / months) * months + 1);
          case YEARS -> t.withDayOfYear(1).truncatedTo(ChronoUnit.DAYS);
          default -> t.truncatedTo(unit);
        };
        return start.toInstant().toEpochMilli();
      }

      @Override
      long next(long bucketStart) {
        ZonedDateTime t = Instant.ofEpochMilli(bucketStart).atZone(zone);
        return (unit == ChronoUnit.MONTHS ? t.plusMonths(months) : t.plus(1, unit)).toInstant().toEpochMilli();
      }
    };
  }
}
