package dev.trawl.collector.record;

import java.nio.charset.StandardCharsets;

/** The whole JSON of the document a {@link LogDocument} last wrote for the line at {@code offset}: its own bytes, their key tokens expanded, and the file's tail. */
final class Rendered {
  private Rendered() {}

  static String json(LogDocument doc, long offset, byte[] tail) {
    byte[] json = new byte[JsonKeys.expandedLength(doc.bytes(), 0, doc.length(), offset)];
    JsonKeys.expand(doc.bytes(), 0, doc.length(), offset, json, 0);
    return new String(json, StandardCharsets.UTF_8) + new String(tail, StandardCharsets.UTF_8);
  }
}
