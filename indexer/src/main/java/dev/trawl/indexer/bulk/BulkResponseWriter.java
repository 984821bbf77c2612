package dev.trawl.indexer.bulk;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.trawl.indexer.store.IngestResult;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Renders a {@code _bulk} response: {@code took}, {@code errors} and one item per action, in order.
 * Items are written as their results come, so a request's thread renders the first chunks' items
 * while the ingest thread stores the last ones. One per response; not thread-safe.
 */
public final class BulkResponseWriter {
  private static final JsonFactory JSON = new JsonFactory();

  private final ByteArrayOutputStream items;
  private final JsonGenerator g;
  private boolean errors;

  /** @param expectedItems how many items the response will hold, to size its buffer */
  public BulkResponseWriter(int expectedItems) {
    items = new ByteArrayOutputStream(64 + expectedItems * 160);
    try {
      g = JSON.createGenerator(items);
      g.writeStartArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Adds the next item; {@code id} may have been generated. */
  public void add(BulkItem item, String id, IngestResult r) {
    errors |= r.status() >= 300;
    try {
      g.writeStartObject();
      g.writeObjectFieldStart(item.op());
      g.writeStringField("_index", item.index());
      g.writeStringField("_id", id);
      if (r.status() < 300) {
        g.writeNumberField("_version", 1);
        g.writeStringField("result", r.result());
        g.writeObjectFieldStart("_shards");
        g.writeNumberField("total", 1);
        g.writeNumberField("successful", 1);
        g.writeNumberField("failed", 0);
        g.writeEndObject();
      }
      g.writeNumberField("status", r.status());
      if (r.status() >= 300) {
        g.writeObjectFieldStart("error");
        g.writeStringField("type", r.errorType());
        g.writeStringField("reason", r.reason());
        g.writeStringField("index", item.index());
        g.writeEndObject();
      }
      g.writeEndObject();
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The response, with the items added. */
  public byte[] finish(long tookMillis) {
    try {
      g.writeEndArray();
      g.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    byte[] head = ("{\"took\":" + tookMillis + ",\"errors\":" + errors + ",\"items\":").getBytes(StandardCharsets.US_ASCII);
    byte[] body = new byte[head.length + items.size() + 1];
    System.arraycopy(head, 0, body, 0, head.length);
    System.arraycopy(items.toByteArray(), 0, body, head.length, items.size());
    body[body.length - 1] = '}';
    return body;
  }
}
