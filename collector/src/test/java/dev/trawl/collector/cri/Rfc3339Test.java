package dev.trawl.collector.cri;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Rfc3339Test {
  private static long millis(String text) {
    byte[] b = ("x" + text + "y").getBytes(StandardCharsets.US_ASCII);
    return Rfc3339.epochMillis(b, 1, b.length - 2);
  }

  @Test
  void readsTheInstantAsJavaTimeDoesOverFourCenturiesOfDatesAndOffsets() {
    Random random = new Random(42);
    DateTimeFormatter nanos = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSSSSxxx");
    for (int i = 0; i < 20_000; i++) {
      long second = -2_000_000_000L * 3 + (long) (random.nextDouble() * 12_000_000_000L);
      ZoneOffset offset = ZoneOffset.ofTotalSeconds((random.nextInt(27) - 13) * 1800);
      OffsetDateTime time = Instant.ofEpochSecond(second, random.nextInt(1_000_000_000)).atOffset(offset);
      String text = time.format(nanos).replace("+00:00", random.nextBoolean() ? "Z" : "+00:00");
      assertEquals(time.toInstant().toEpochMilli(), millis(text), text);
      String seconds = text.substring(0, 19) + text.substring(29);
      assertEquals(Instant.parse(seconds).toEpochMilli(), millis(seconds), seconds);
    }
  }

  @Test
  void aShortFractionCountsAsTenthsAndHundredths() {
    assertEquals(Instant.parse("2026-11-22T08:01:20.5Z").toEpochMilli(), millis("2026-11-22T08:01:20.5Z"));
    assertEquals(Instant.parse("2026-11-22T08:01:20.05Z").toEpochMilli(), millis("2026-11-22T08:01:20.05Z"));
  }

  @Test
  void notATimeIsMinusOne() {
    assertEquals(-1, millis("2026-13-22T08:01:20Z"));
    assertEquals(-1, millis("2026-11-22T24:01:20Z"));
    assertEquals(-1, millis("2026-02-30T08:01:20Z"), "a day the month does not have");
    assertEquals(-1, millis("2026-11-22T08:01:60Z"), "a leap second, which an instant cannot name");
    assertEquals(-1, millis("yesterday at noon please"));
    assertEquals(-1, millis("2026-11-22T08:01:20"));
  }

  @Test
  void judgesShapesAsTheGrammarDoesWhateverByteIsWhere() {
    java.util.regex.Pattern grammar = java.util.regex.Pattern.compile(
        "\\d{4}-\\d{2}-\\d{2}[Tt]\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?([Zz]|[+-]\\d{2}:\\d{2})");
    String[] valid = {"2026-11-23T12:00:00.123456789Z", "2016-10-06t00:17:09Z", "2026-11-23T12:00:00.5+01:00"};
    // bytes next to digits and separators, and bytes that carry when six is added to them
    char[] swaps = {'/', ':', ';', '-', ',', 'T', 't', 'S', '0', '9', '\u00fa', '\u00ff', ' ', 'Z', '.', '+'};
    java.util.SplittableRandom random = new java.util.SplittableRandom(11);
    for (int round = 0; round < 50_000; round++) {
      char[] text = valid[random.nextInt(valid.length)].toCharArray();
      for (int n = random.nextInt(3); n >= 0; n--) {
        text[random.nextInt(text.length)] = swaps[random.nextInt(swaps.length)];
      }
      String candidate = new String(text);
      byte[] b = ("x" + candidate + "y").getBytes(StandardCharsets.ISO_8859_1);
      assertEquals(grammar.matcher(candidate).matches(), Rfc3339.isValid(b, 1, text.length), candidate);
    }
  }
}
