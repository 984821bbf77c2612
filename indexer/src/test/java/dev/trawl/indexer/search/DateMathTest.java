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
}
