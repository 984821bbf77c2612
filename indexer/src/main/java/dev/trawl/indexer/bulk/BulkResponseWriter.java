package dev.trawl.indexer.bulk;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.trawl.indexer.store.IngestResult;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/** Renders a {@code _bulk} response: {@code took}, {@code errors} and one item per action, in order. */
public final class BulkResponseWriter {
  private static final JsonFactory JSON = new JsonFactory();

  private BulkResponseWriter() {}

  /** @param results one per item, same order; item {@code id} may have been generated */
  public static byte[] write(List<BulkItem> items, List<String> ids, List<IngestResult> results, long tookMillis) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(64 + items.size() * 160);
    boolean errors = results.stream().anyMatch(r -> r.status() >= 300);
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      g.writeNumberField("took", tookMillis);
      g.writeBooleanField("errors", errors);
      g.writeArrayFieldStart("items");
      for (int i = 0; i < items.size(); i++) {
        BulkItem item = items.get(i);
        IngestResult r = results.get(i);
        g.writeStartObject();
        g.writeObjectFieldStart(item.op());
        g.writeStringField("_index", item.index());
        g.writeStringField("_id", ids.get(i));
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
      }
      g.writeEndArray();
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
