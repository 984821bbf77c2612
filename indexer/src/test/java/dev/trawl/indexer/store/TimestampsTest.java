package dev.trawl.indexer.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TimestampsTest {
  private static long viaJdk(String text) {
    Instant t = Instant.parse(text);
    return t.getEpochSecond() * 1_000_000_000L + t.getNano();
  }

  @Test
  void plainUtcTimesAgreeWithTheJdkAtEveryPrecision() {
    SplittableRandom random = new SplittableRandom(42);
    long from = Instant.parse("1970-01-01T00:00:00Z").getEpochSecond();
    long to = Instant.parse("2200-01-01T00:00:00Z").getEpochSecond();
    for (int i = 0; i < 20_000; i++) {
      Instant t = Instant.ofEpochSecond(random.nextLong(from, to), random.nextInt(1_000_000_000));
      String full = t.toString();
      for (int digits = 0; digits <= 9; digits++) {
        String text = full.substring(0, 19) + (digits == 0 ? "" : "." + String.format("%09d", t.getNano()).substring(0, digits)) + "Z";
        assertEquals(viaJdk(text), Timestamps.parseNanos(text), text);
      }
    }
    for (String edge : new String[] {"2024-02-29T23:59:59.999999999Z", "2000-02-29T00:00:00Z", "1969-12-31T23:59:59.5Z",
        "1678-01-01T00:00:00Z", "2261-12-31T23:59:59Z"}) {
      assertEquals(viaJdk(edge), Timestamps.parseNanos(edge), edge);
    }
  }

  @Test
  void otherShapesGoThroughTheJdkAndBadOnesAreNamed() {
    for (String other : new String[] {"2026-11-23T08:01:20+02:00", "2026-11-23T08:01:20.5-05:30", "2026-11-23t08:01:20z",
        "2026-11-23T24:00:00Z", "2026-11-23T08:01:20.Z"}) {
      assertEquals(viaJdk(other), Timestamps.parseNanos(other), other);
    }
    for (String bad : new String[] {"2023-02-29T00:00:00Z", "2026-13-01T00:00:00Z", "2026-11-23T08:01:20.1234567890Z", "2026-1l-23T08:01:20Z", "3000-01-01T00:00:00Z", "yesterday"}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Timestamps.parseNanos(bad), bad);
      assertEquals(true, e.getMessage().contains(bad), e.getMessage());
    }
  }
}
