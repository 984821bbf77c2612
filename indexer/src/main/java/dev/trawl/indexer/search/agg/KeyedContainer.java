package dev.trawl.indexer.search.agg;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;

/** Elasticsearch's two shapes of a bucket or value list: an object by key when {@code keyed}, else an array. */
final class KeyedContainer {
  private KeyedContainer() {}

  static void start(JsonGenerator out, String field, boolean keyed) throws IOException {
    if (keyed) {
      out.writeObjectFieldStart(field);
    } else {
      out.writeArrayFieldStart(field);
    }
  }

  static void end(JsonGenerator out, boolean keyed) throws IOException {
    if (keyed) {
      out.writeEndObject();
    } else {
      out.writeEndArray();
    }
  }

  /** Opens one entry: a member named {@code key} when keyed, else an array element. */
  static void entry(JsonGenerator out, String key, boolean keyed) throws IOException {
    if (keyed) {
      out.writeObjectFieldStart(key);
    } else {
      out.writeStartObject();
    }
  }
}
