package dev.trawl.indexer.search.agg;

import com.fasterxml.jackson.core.JsonGenerator;
import com.tdunning.math.stats.TDigest;
import java.io.IOException;
import org.apache.lucene.index.LeafReaderContext;

/**
 * {@code percentiles} of a number, estimated with a t-digest (compression 100), the estimator
 * Elasticsearch and OpenSearch use: bounded memory whatever the number of documents.
 */
final class PercentilesAggregator implements Aggregator {
  private static final double COMPRESSION = 100;

  private final FieldValues values;
  private final double[] percents;
  private final boolean keyed;
  private final TDigest digest = TDigest.createAvlTreeDigest(COMPRESSION);

  PercentilesAggregator(FieldValues values, double[] percents, boolean keyed) {
    this.values = values;
    this.percents = percents;
    this.keyed = keyed;
  }

  @Override
  public void collect(LeafReaderContext leaf, int doc) throws IOException {
    values.load(leaf, doc);
    for (int i = 0; i < values.count(); i++) {
      digest.add(values.number(i));
    }
  }

  @Override
  public void render(JsonGenerator out) throws IOException {
    out.writeStartObject();
    KeyedContainer.start(out, "values", keyed);
    for (double percent : percents) {
      double value = digest.size() == 0 ? Double.NaN : digest.quantile(percent / 100);
      if (keyed) {
        writeNumberOrNull(out, Double.toString(percent), value);
      } else {
        out.writeStartObject();
        out.writeNumberField("key", percent);
        writeNumberOrNull(out, "value", value);
        out.writeEndObject();
      }
    }
    KeyedContainer.end(out, keyed);
    out.writeEndObject();
  }

  private static void writeNumberOrNull(JsonGenerator out, String name, double value) throws IOException {
    if (Double.isNaN(value)) {
      out.writeNullField(name);
    } else {
      out.writeNumberField(name, value);
    }
  }
}
