package dev.trawl.indexer.search.agg;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.trawl.indexer.store.FieldKind;
import java.io.IOException;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import org.apache.lucene.index.LeafReaderContext;

/**
 * {@code min}, {@code max}, {@code sum}, {@code avg}, {@code value_count} and {@code cardinality}
 * of a field. Dates report epoch milliseconds and a {@code value_as_string}, as Elasticsearch does.
 * Cardinality is exact.
 */
final class MetricAggregator implements Aggregator {
  enum Type { MIN, MAX, SUM, AVG, VALUE_COUNT, CARDINALITY }

  private final Type type;
  private final FieldValues values;
  private long count;
  private double sum;
  private double min = Double.POSITIVE_INFINITY;
  private double max = Double.NEGATIVE_INFINITY;
  private final Set<Object> distinct = new HashSet<>();

  MetricAggregator(Type type, FieldValues values) {
    this.type = type;
    this.values = values;
  }

  @Override
  public void collect(LeafReaderContext leaf, int doc) throws IOException {
    values.load(leaf, doc);
    for (int i = 0; i < values.count(); i++) {
      count++;
      if (type == Type.CARDINALITY) {
        distinct.add(values.kind() == FieldKind.KEYWORD || values.kind() == FieldKind.TEXT ? values.string(i) : values.number(i));
      } else if (values.kind() != FieldKind.KEYWORD && values.kind() != FieldKind.TEXT) {
        double v = values.kind() == FieldKind.DATE ? values.longValue(i) / 1e6 : values.number(i);
        sum += v;
        min = Math.min(min, v);
        max = Math.max(max, v);
      }
    }
  }

  @Override
  public void render(JsonGenerator out) throws IOException {
    out.writeStartObject();
    switch (type) {
      case VALUE_COUNT -> out.writeNumberField("value", count);
      case CARDINALITY -> out.writeNumberField("value", distinct.size());
      default -> {
        double value = switch (type) {
          case MIN -> min;
          case MAX -> max;
          case SUM -> sum;
          default -> count == 0 ? Double.NaN : sum / count;
        };
        if (type == Type.SUM) {
          out.writeNumberField("value", sum);
        } else if (count == 0) {
          out.writeNullField("value");
        } else {
          out.writeNumberField("value", value);
          if (values.kind() == FieldKind.DATE) {
            out.writeStringField("value_as_string", Instant.ofEpochMilli((long) value).toString());
          }
        }
      }
    }
    out.writeEndObject();
  }
}
