package dev.trawl.indexer.search;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.lucene.util.BytesRef;

/** Renders search and count results in Elasticsearch's response shape. */
public final class SearchResponseWriter {
  private static final JsonFactory JSON = new JsonFactory();
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private SearchResponseWriter() {}

  public static byte[] search(SearchResult result, SearchRequest request, long tookMillis) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(expectedBytes(result));
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      g.writeNumberField("took", tookMillis);
      g.writeBooleanField("timed_out", result.timedOut());
      if (result.terminatedEarly() != null) {
        g.writeBooleanField("terminated_early", result.terminatedEarly());
      }
      shards(g);
      g.writeObjectFieldStart("hits");
      if (result.total() >= 0) {
        if (request.totalHitsAsInt()) {
          g.writeNumberField("total", result.total());
        } else {
          g.writeObjectFieldStart("total");
          g.writeNumberField("value", result.total());
          g.writeStringField("relation", result.exact() ? "eq" : "gte");
          g.writeEndObject();
        }
      }
      g.writeFieldName("max_score");
      writeScore(g, result.maxScore());
      g.writeArrayFieldStart("hits");
      for (SearchHit hit : result.hits()) {
        g.writeStartObject();
        g.writeStringField("_index", hit.index());
        g.writeStringField("_id", hit.id());
        if (request.version()) {
          g.writeNumberField("_version", 1);
        }
        g.writeFieldName("_score");
        writeScore(g, hit.score());
        if (request.source().enabled()) {
          g.writeFieldName("_source");
          if (request.source().filters()) {
            ObjectNode source = (ObjectNode) MAPPER.readTree(hit.source());
            request.source().apply(source);
            MAPPER.writeTree(g, source);
          } else {
            // the stored bytes go out as they are: the empty raw value writes the separator and tells
            // the generator a value follows the name, and the flush keeps the order of the bytes
            g.writeRawValue("");
            g.flush();
            out.write(hit.source());
          }
        }
        if (!hit.fields().isEmpty()) {
          g.writeFieldName("fields");
          MAPPER.writeValue(g, hit.fields());
        }
        if (!hit.highlight().isEmpty()) {
          g.writeFieldName("highlight");
          MAPPER.writeValue(g, hit.highlight());
        }
        if (hit.sortValues() != null) {
          g.writeArrayFieldStart("sort");
          for (Object v : hit.sortValues()) {
            writeSortValue(g, v);
          }
          g.writeEndArray();
        }
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
      if (result.aggregations() != null) {
        result.aggregations().render(g);
      }
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** Room for the hits' sources and their metadata, so a page of hits is not copied over and over as it grows. */
  private static int expectedBytes(SearchResult result) {
    long bytes = 4096;
    for (SearchHit hit : result.hits()) {
      bytes += hit.source().length + 192;
    }
    return (int) Math.min(bytes, 64 << 20);
  }

  public static byte[] count(long count) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(128);
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      g.writeNumberField("count", count);
      shards(g);
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static void shards(JsonGenerator g) throws IOException {
    g.writeObjectFieldStart("_shards");
    g.writeNumberField("total", 1);
    g.writeNumberField("successful", 1);
    g.writeNumberField("skipped", 0);
    g.writeNumberField("failed", 0);
    g.writeEndObject();
  }

  private static void writeScore(JsonGenerator g, float score) throws IOException {
    if (Float.isNaN(score)) {
      g.writeNull();
    } else {
      g.writeNumber(score);
    }
  }

  private static void writeSortValue(JsonGenerator g, Object v) throws IOException {
    if (v instanceof BytesRef b) {
      g.writeString(b.utf8ToString());
    } else if (v instanceof Long l) {
      g.writeNumber(l);
    } else if (v instanceof Integer i) {
      g.writeNumber(i);
    } else if (v instanceof Double d) {
      g.writeNumber(d);
    } else if (v instanceof Float f) {
      g.writeNumber(f);
    } else {
      g.writeNull();
    }
  }
}
