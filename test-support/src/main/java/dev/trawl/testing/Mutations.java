package dev.trawl.testing;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Hostile variants of valid input for seeded fuzz tests: up to three mutations each — a random
 * byte, a splice of a nasty piece, an invalid UTF-8 sequence or NUL, a cut, a repeated span.
 */
public final class Mutations {
  private static final byte[][] BAD_BYTES = {{(byte) 0xFF}, {(byte) 0xC3, 0x28}, {(byte) 0xE2, (byte) 0x82},
      {(byte) 0xF0, (byte) 0x9F, (byte) 0x98}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {0}};

  private Mutations() {}

  /** {@code valid} with {@code minimum} to three mutations; {@code nasty} holds the pieces to splice in. */
  public static byte[] mutate(byte[] valid, SplittableRandom random, List<String> nasty, int minimum) {
    byte[] body = valid;
    for (int m = random.nextInt(minimum, 4); m > 0; m--) {
      int at = random.nextInt(body.length + 1);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      out.write(body, 0, at);
      switch (random.nextInt(5)) {
        case 0 -> out.write(random.nextInt(256));
        case 1 -> out.writeBytes(nasty.get(random.nextInt(nasty.size())).getBytes(StandardCharsets.UTF_8));
        case 2 -> out.writeBytes(BAD_BYTES[random.nextInt(BAD_BYTES.length)]);
        case 3 -> at = Math.min(body.length, at + random.nextInt(1, 20));
        default -> out.write(body, at, Math.min(body.length - at, random.nextInt(1, 40)));
      }
      out.write(body, at, body.length - at);
      body = out.toByteArray();
    }
    return body;
  }
}
