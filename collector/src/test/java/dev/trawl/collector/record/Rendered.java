package dev.trawl.collector.record;

import java.nio.charset.StandardCharsets;

/** The whole JSON of the document a {@link LogDocument} last wrote: its own bytes and the container's tail. */
final class Rendered {
  private Rendered() {}

  static String json(LogDocument doc, byte[] tail) {
    return new String(doc.bytes(), 0, doc.length(), StandardCharsets.UTF_8) + new String(tail, StandardCharsets.UTF_8);
  }
}
