package dev.trawl.indexer.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.trawl.indexer.api.EsException;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class DateMathTest {
  private static final Instant NOW = Instant.parse("2026-11-23T12:34:56.789Z");

  private static long nanos(String iso) {
    Instant i = Instant.parse(iso);
    return i.getEpochSecond() * 1_000_000_000L + i.getNano();
  }

  @Test
  void evaluatesAnchorsStepsAndRounding() {
    assertEquals(nanos("2026-11-23T12:34:56.789Z"), DateMath.parse("now", NOW, false));
    assertEquals(nanos("2026-11-23T12:19:56.789Z"), DateMath.parse("now-15m", NOW, false));
    assertEquals(nanos("2026-11-23T12:34:00Z"), DateMath.parse("now-15m/m", NOW, false) + 15 * 60_000_000_000L);
    assertEquals(nanos("2026-11-23T00:00:00Z"), DateMath.parse("now/d", NOW, false));
    assertEquals(nanos("2026-11-23T23:59:59.999999999Z"), DateMath.parse("now/d", NOW, true));
    assertEquals(nanos("2026-11-24T13:34:56.789Z"), DateMath.parse("now+1d+1h", NOW, false));
    assertEquals(nanos("2026-11-01T00:00:00Z"), DateMath.parse("now/M", NOW, false));
    assertEquals(nanos("2026-11-23T00:00:00Z"), DateMath.parse("now/w", NOW, false), "weeks start on Monday");
    assertEquals(nanos("2026-11-22T12:00:00.123456789Z"), DateMath.parse("2026-11-23T12:00:00.123456789Z||-1d", NOW, false));
    assertEquals(nanos("2026-11-23T00:00:00Z"), DateMath.parse("2026-11-23", NOW, false));
    assertEquals(nanos("2026-11-23T11:00:00Z"), DateMath.parse("2026-11-23T12:00:00+01:00", NOW, false));
    assertEquals(1_795_436_800_000_000_000L, DateMath.parse("1795436800000", NOW, false), "epoch millis");
  }

  @Test
  void badMathIsAParsingErrorNamingIt() {
    for (String bad : new String[] {"now-15x", "now-m", "yesterday", "now+", "2026-11-23T12:00:00Z||+1"}) {
      EsException e = assertThrows(EsException.class, () -> DateMath.parse(bad, NOW, false), bad);
      assertEquals(400, e.status());
    }
  }

  @Test
  void readsDatesByTheRangeFormatAndTimeZone() {
    DateFormat berlin = DateFormat.of("yyyy-MM-dd HH:mm:ss||epoch_second", "Europe/Berlin");
    assertEquals(nanos("2026-03-29T01:30:00Z"), DateMath.parse("2026-03-29 03:30:00", NOW, false, berlin),
        "summer time: UTC+2");
    assertEquals(nanos("2026-03-29T00:30:00Z"), DateMath.parse("2026-03-29 01:30:00", NOW, false, berlin),
        "winter time: UTC+1");
    assertEquals(nanos("2026-11-23T12:00:00Z"), DateMath.parse("1795435200", NOW, false, berlin), "the second format");
    assertEquals(nanos("2026-11-22T23:00:00Z"), DateMath.parse("now/d", NOW, false, berlin), "rounds to Berlin's midnight");
    DateFormat plain = DateFormat.of(null, "+05:00");
    assertEquals(nanos("2026-11-23T07:00:00Z"), DateMath.parse("2026-11-23T12:00", NOW, false, plain),
        "no offset written: the time zone applies");
    assertEquals(nanos("2026-11-23T12:00:00Z"), DateMath.parse("2026-11-23T12:00:00Z", NOW, false, plain),
        "an offset written wins");
    assertEquals(nanos("2026-11-23T12:00:00.250Z"), DateMath.parse("1795435200250", NOW, false, DateFormat.DEFAULT));
    EsException bad = assertThrows(EsException.class, () -> DateMath.parse("23/11/2026", NOW, false, berlin));
    assertEquals("failed to parse date field [23/11/2026] with format [yyyy-MM-dd HH:mm:ss||epoch_second]", bad.getMessage());
    assertThrows(EsException.class, () -> DateFormat.of(null, "Mars/Olympus"));
  }
}
