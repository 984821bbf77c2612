package dev.trawl.collector.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class QueuedTimeTest {
  private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);

  /** The JSON the queue gives back for {@code text}, and whether it went in binary. */
  private static String roundTrip(QueuedTime time, String text, boolean[] binary) {
    byte[] ts = ("[" + text + "]").getBytes(StandardCharsets.US_ASCII);
    JsonOut out = new JsonOut();
    binary[0] = time.encode(ts, 1, ts.length - 2, out);
    if (!binary[0]) {
      out.raw(JsonKeys.TIMESTAMP).string(ts, 1, ts.length - 2);
    }
    byte[] json = new byte[JsonKeys.expandedLength(out.array(), 0, out.size(), 0)];
    assertEquals(json.length, JsonKeys.expand(out.array(), 0, out.size(), 0, json, 0));
    return new String(json, StandardCharsets.US_ASCII);
  }

  @Test
  void theRuntimesUtcTimesComeBackByteForByteInTenBytes() {
    QueuedTime time = new QueuedTime();
    SplittableRandom random = new SplittableRandom(5);
    boolean[] binary = new boolean[1];
    long second = Instant.parse("1677-09-21T00:12:45Z").getEpochSecond();
    long last = Instant.parse("2262-04-11T23:47:15Z").getEpochSecond();
    for (int n = 0; n < 200_000; n++) {
      // mostly a few lines a second, as a file's lines share their second; now and then a jump across years
      second = Math.min(last, second + (random.nextInt(100) == 0 ? random.nextLong(1L << 32) : random.nextInt(3)));
      StringBuilder text = new StringBuilder(SECONDS.format(Instant.ofEpochSecond(second)));
      int digits = random.nextInt(10);
      if (digits > 0) {
        text.append('.');
        for (int d = 0; d < digits; d++) {
          // trailing zeros are kept as written
          text.append(random.nextInt(4) == 0 ? '0' : (char) ('0' + random.nextInt(10)));
        }
      }
      text.append('Z');
      assertEquals("{\"@timestamp\":\"" + text + "\"", roundTrip(time, text.toString(), binary), text.toString());
      assertTrue(binary[0], text.toString());
    }
    JsonOut out = new JsonOut();
    byte[] ts = "2026-11-23T12:00:00.123456789Z".getBytes(StandardCharsets.US_ASCII);
    assertTrue(time.encode(ts, 0, ts.length, out));
    assertEquals(1 + QueuedTime.PAYLOAD, out.size(), "a token, eight bytes of nanoseconds and the digits' count");
  }

  @Test
  void everyOtherFormStaysTextAndComesBackAsItWasWritten() {
    QueuedTime time = new QueuedTime();
    boolean[] binary = new boolean[1];
    String[] others = {"2026-11-23T12:00:00+01:00", "2026-11-23t12:00:00Z", "2026-11-23T12:00:00z",
        "2026-02-29T12:00:00Z", "2026-04-31T12:00:00Z", "2026-13-01T12:00:00Z", "2026-11-23T24:00:00Z",
        "2026-11-23T12:60:00Z", "2016-12-31T23:59:60Z", "1600-01-01T00:00:00Z", "2300-01-01T00:00:00Z",
        "2026-11-23T12:00:00.Z", "2026-11-23T12:00:00.1234567890Z", "2026-11-23 12:00:00Z", "2026-11-2xT12:00:00Z",
        "2026/11/23T12:00:00Z", "2026-11-23T12:00:00.12a4Z", "not a time at all, Z", "Z"};
    for (String text : others) {
      // the same second first, so the cache of the last second cannot let a bad form through
      roundTrip(time, "2026-11-23T12:00:00Z", binary);
      assertTrue(binary[0]);
      assertEquals("{\"@timestamp\":\"" + text + "\"", roundTrip(time, text, binary), text);
      assertFalse(binary[0], text);
    }
    assertEquals("{\"@timestamp\":\"2024-02-29T12:00:00Z\"", roundTrip(time, "2024-02-29T12:00:00Z", binary));
    assertTrue(binary[0], "a leap day that exists");
  }
}
