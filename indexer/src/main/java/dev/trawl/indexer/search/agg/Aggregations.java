package dev.trawl.indexer.search.agg;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.trawl.indexer.api.EsException;
import dev.trawl.indexer.search.DateMath;
import dev.trawl.indexer.search.FieldKinds;
import dev.trawl.indexer.store.FieldKind;
import java.io.IOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.search.CollectionTerminatedException;
import org.apache.lucene.search.Collector;
import org.apache.lucene.search.CollectorManager;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.Weight;
import dev.trawl.indexer.search.QueryTranslator;
import dev.trawl.indexer.search.TimeValue;
import java.io.UncheckedIOException;
import java.util.function.Supplier;
import org.apache.lucene.search.LeafCollector;
import org.apache.lucene.search.Scorable;
import org.apache.lucene.search.ScoreMode;

/**
 * The {@code aggs} of one search: parsed against the searched partitions' field kinds, collected in
 * one pass over the matching documents, rendered as Elasticsearch's {@code aggregations}. Not
 * thread-safe: one per search.
 */
public final class Aggregations {
  private static final Set<String> METRICS = Set.of("min", "max", "sum", "avg", "value_count", "cardinality");

  private final List<AggregatorFactory> factories;
  private final BucketBudget budget = new BucketBudget();
  private final Map<String, FieldValues> fields = new HashMap<>();
  private final FieldKinds kinds;
  private final Instant now;
  private final boolean typedKeys;
  private Aggregator[] top;
  private long docCount;
  private IndexSearcher searcher;

  private Aggregations(JsonNode aggs, FieldKinds kinds, Instant now, boolean typedKeys) {
    this.kinds = kinds;
    this.now = now;
    this.typedKeys = typedKeys;
    this.factories = parseAll(aggs);
  }

  /** @throws EsException 400 naming an unknown aggregation, parameter or unusable field */
  public static Aggregations parse(JsonNode aggs, FieldKinds kinds, Instant now, boolean typedKeys) {
    if (!aggs.isObject()) {
      throw EsException.parsing("[aggs] must be an object of named aggregations");
    }
    return new Aggregations(aggs, kinds, now, typedKeys);
  }

  /** Documents the aggregation pass saw: the exact hit count. */
  public long docCount() {
    return docCount;
  }

  private List<AggregatorFactory> parseAll(JsonNode aggs) {
    List<AggregatorFactory> out = new ArrayList<>();
    Iterator<Map.Entry<String, JsonNode>> it = aggs.properties().iterator();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      out.add(parseOne(e.getKey(), e.getValue()));
    }
    return out;
  }

  private AggregatorFactory parseOne(String name, JsonNode body) {
    String type = null;
    JsonNode params = null;
    List<AggregatorFactory> subs = List.of();
    Iterator<Map.Entry<String, JsonNode>> it = body.properties().iterator();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      switch (e.getKey()) {
        case "aggs", "aggregations" -> subs = parseAll(e.getValue());
        default -> {
          if (type != null) {
            throw EsException.parsing("Found two aggregation type definitions in [" + name + "]: [" + type + "] and [" + e.getKey() + "]");
          }
          type = e.getKey();
          params = e.getValue();
        }
      }
    }
    if (type == null) {
      throw EsException.parsing("Missing definition for aggregation [" + name + "]");
    }
    List<AggregatorFactory> children = subs;
    String kind = type;
    JsonNode p = params;
    if (METRICS.contains(type)) {
      only(p, name, type, "field");
      FieldValues values = field(p, name, type);
      MetricAggregator.Type metric = MetricAggregator.Type.valueOf(type.toUpperCase(java.util.Locale.ROOT));
      if (!children.isEmpty()) {
        throw EsException.parsing("Aggregator [" + name + "] of type [" + type + "] cannot accept sub-aggregations");
      }
      return factory(typed(type, name), budget -> new MetricAggregator(metric, values));
    }
    return switch (kind) {
      case "terms" -> terms(name, p, children);
      case "date_histogram" -> dateHistogram(name, p, children);
      case "filters" -> filters(name, p, children);
      case "filter" -> filter(name, p, children);
      case "range" -> range(name, p, children);
      case "percentiles" -> percentiles(name, p, children);
      default -> throw EsException.parsing("Unknown aggregation type [" + type + "] in [" + name + "]");
    };
  }

  private AggregatorFactory terms(String name, JsonNode p, List<AggregatorFactory> subs) {
    only(p, name, "terms", "field", "size", "shard_size", "order", "min_doc_count", "missing");
    FieldValues values = field(p, name, "terms");
    if (!TermsAggregator.bucketable(values.kind())) {
      throw EsException.illegalArgument("Text fields are not optimised for operations that require per-document field data "
          + "like aggregations and sorting, so these operations are disabled by default. Use a keyword field instead: [" + name + "]");
    }
    int size = p.path("size").asInt(10);
    int minDocCount = p.path("min_doc_count").asInt(1);
    TermsAggregator.Order order = new TermsAggregator.Order(true, true);
    JsonNode o = p.get("order");
    if (o != null) {
      if (!o.isObject() || o.size() != 1) {
        throw EsException.parsing("[terms] order must be one of {\"_count\": …} or {\"_key\": …} in [" + name + "]");
      }
      var entry = o.properties().iterator().next();
      String by = entry.getKey();
      if (!by.equals("_count") && !by.equals("_key") && !by.equals("_term")) {
        throw EsException.parsing("[terms] ordering by [" + by + "] is not supported in [" + name + "]; use _count or _key");
      }
      order = new TermsAggregator.Order(by.equals("_count"), entry.getValue().asText("desc").equals("desc"));
    }
    Object missing = p.has("missing")
        ? switch (values.kind()) {
            case LONG -> (Object) p.get("missing").asLong();
            case DOUBLE -> (Object) p.get("missing").asDouble();
            default -> (Object) p.get("missing").asText();
          }
        : null;
    TermsAggregator.Order chosen = order;
    String type = switch (values.kind()) {
      case LONG -> "lterms";
      case DOUBLE -> "dterms";
      default -> "sterms";
    };
    return factory(typed(type, name), budget -> new TermsAggregator(values, size, minDocCount, chosen, missing, subs, budget));
  }

  private AggregatorFactory dateHistogram(String name, JsonNode p, List<AggregatorFactory> subs) {
    only(p, name, "date_histogram", "field", "fixed_interval", "calendar_interval", "interval", "time_zone",
        "min_doc_count", "extended_bounds", "format");
    FieldValues values = field(p, name, "date_histogram");
    if (values.kind() != FieldKind.DATE && values.kind() != FieldKind.LONG) {
      throw EsException.illegalArgument("Field [" + p.path("field").asText() + "] of type [" + values.kind().name().toLowerCase(java.util.Locale.ROOT)
          + "] is not supported for aggregation [date_histogram]");
    }
    ZoneId zone;
    try {
      zone = p.has("time_zone") ? ZoneId.of(p.get("time_zone").asText()) : ZoneOffset.UTC;
    } catch (DateTimeException e) {
      throw EsException.illegalArgument("Unknown time-zone ID: [" + p.get("time_zone").asText() + "] in [" + name + "]");
    }
    Rounding rounding = rounding(name, p, zone);
    int minDocCount = p.path("min_doc_count").asInt(0);
    JsonNode bounds = p.get("extended_bounds");
    Long min = bounds == null || !bounds.has("min") ? null : boundMillis(bounds.get("min"));
    Long max = bounds == null || !bounds.has("max") ? null : boundMillis(bounds.get("max"));
    String format = p.path("format").asText("");
    if (!format.isEmpty() && !format.equals("epoch_millis") && !format.equals("strict_date_optional_time")) {
      throw EsException.parsing("[date_histogram] format [" + format + "] is not supported in [" + name + "]");
    }
    boolean epochMillis = format.equals("epoch_millis");
    return factory(typed("date_histogram", name), budget -> new DateHistogramAggregator(values, rounding, zone, minDocCount,
        min, max, epochMillis, subs, budget));
  }

  private AggregatorFactory filters(String name, JsonNode p, List<AggregatorFactory> subs) {
    only(p, name, "filters", "filters", "other_bucket", "other_bucket_key");
    JsonNode filters = p.get("filters");
    List<String> names = new ArrayList<>();
    List<Query> queries = new ArrayList<>();
    QueryTranslator translator = new QueryTranslator(kinds, now);
    if (filters != null && filters.isObject()) {
      filters.properties().forEach(e -> {
        names.add(e.getKey());
        queries.add(translator.translate(e.getValue()));
      });
    } else if (filters != null && filters.isArray()) {
      filters.forEach(f -> {
        names.add(Integer.toString(names.size()));
        queries.add(translator.translate(f));
      });
    } else {
      throw EsException.parsing("[filters] in [" + name + "] needs [filters]: an object of named queries or an array");
    }
    boolean otherBucket = p.path("other_bucket").asBoolean(p.has("other_bucket_key"));
    String otherKey = otherBucket ? p.path("other_bucket_key").asText("_other_") : null;
    FiltersAggregator.Spec spec = new FiltersAggregator.Spec(names, filters.isObject(), otherKey, weights(queries), false);
    return factory(typed("filters", name), budget -> new FiltersAggregator(spec, subs, budget));
  }

  private AggregatorFactory filter(String name, JsonNode p, List<AggregatorFactory> subs) {
    if (p == null || !p.isObject()) {
      throw EsException.parsing("[filter] in [" + name + "] must be a query object");
    }
    Query query = new QueryTranslator(kinds, now).translate(p);
    FiltersAggregator.Spec spec = new FiltersAggregator.Spec(List.of(name), false, null, weights(List.of(query)), true);
    return factory(typed("filter", name), budget -> new FiltersAggregator(spec, subs, budget));
  }

  /** The queries' weights, made on first use against the search's searcher and shared by every bucket. */
  private Supplier<Weight[]> weights(List<Query> queries) {
    Weight[][] weights = new Weight[1][];
    return () -> {
      if (weights[0] == null) {
        weights[0] = new Weight[queries.size()];
        try {
          for (int i = 0; i < queries.size(); i++) {
            weights[0][i] = searcher.createWeight(searcher.rewrite(queries.get(i)), ScoreMode.COMPLETE_NO_SCORES, 1);
          }
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
      return weights[0];
    };
  }

  private AggregatorFactory range(String name, JsonNode p, List<AggregatorFactory> subs) {
    only(p, name, "range", "field", "ranges", "keyed");
    FieldValues values = field(p, name, "range");
    if (values.kind() != FieldKind.LONG && values.kind() != FieldKind.DOUBLE) {
      throw EsException.illegalArgument("Field [" + p.path("field").asText() + "] of type ["
          + values.kind().name().toLowerCase(java.util.Locale.ROOT) + "] is not supported for aggregation [range]");
    }
    if (!p.path("ranges").isArray() || p.path("ranges").isEmpty()) {
      throw EsException.illegalArgument("No [ranges] specified for the [" + name + "] aggregation");
    }
    List<RangeAggregator.Range> ranges = new ArrayList<>();
    for (JsonNode r : p.get("ranges")) {
      only(r, name, "range.ranges", "key", "from", "to");
      ranges.add(new RangeAggregator.Range(r.hasNonNull("key") ? r.get("key").asText() : null,
          r.hasNonNull("from") ? r.get("from").asDouble() : null, r.hasNonNull("to") ? r.get("to").asDouble() : null));
    }
    ranges.sort(java.util.Comparator.comparing((RangeAggregator.Range r) -> r.from() == null ? Double.NEGATIVE_INFINITY : r.from())
        .thenComparing(r -> r.to() == null ? Double.POSITIVE_INFINITY : r.to()));
    boolean keyed = p.path("keyed").asBoolean(false);
    return factory(typed("range", name), budget -> new RangeAggregator(values, ranges, keyed, subs, budget));
  }

  private AggregatorFactory percentiles(String name, JsonNode p, List<AggregatorFactory> subs) {
    only(p, name, "percentiles", "field", "percents", "keyed");
    if (!subs.isEmpty()) {
      throw EsException.parsing("Aggregator [" + name + "] of type [percentiles] cannot accept sub-aggregations");
    }
    FieldValues values = field(p, name, "percentiles");
    if (values.kind() != FieldKind.LONG && values.kind() != FieldKind.DOUBLE) {
      throw EsException.illegalArgument("Field [" + p.path("field").asText() + "] of type ["
          + values.kind().name().toLowerCase(java.util.Locale.ROOT) + "] is not supported for aggregation [percentiles]");
    }
    double[] percents = {1, 5, 25, 50, 75, 95, 99};
    if (p.has("percents")) {
      JsonNode list = p.get("percents");
      percents = new double[list.size()];
      for (int i = 0; i < percents.length; i++) {
        percents[i] = list.get(i).asDouble();
        if (percents[i] < 0 || percents[i] > 100) {
          throw EsException.illegalArgument("percent must be in [0,100], got [" + percents[i] + "]: [" + name + "]");
        }
      }
    }
    double[] chosen = percents;
    boolean keyed = p.path("keyed").asBoolean(true);
    return factory(typed("tdigest_percentiles", name), budget -> new PercentilesAggregator(values, chosen, keyed));
  }

  /** The name as rendered: with {@code typed_keys}, prefixed by the type clients deserialize by. */
  private String typed(String type, String name) {
    return typedKeys ? type + "#" + name : name;
  }

  private Rounding rounding(String name, JsonNode p, ZoneId zone) {
    String fixed = p.path("fixed_interval").asText(null);
    String calendar = p.path("calendar_interval").asText(null);
    String legacy = p.path("interval").asText(null);
    if ((fixed != null ? 1 : 0) + (calendar != null ? 1 : 0) + (legacy != null ? 1 : 0) != 1) {
      throw EsException.illegalArgument("[date_histogram] in [" + name + "] needs exactly one of [fixed_interval] or [calendar_interval]");
    }
    if (calendar != null || (legacy != null && calendarUnit(legacy) != null)) {
      String text = calendar != null ? calendar : legacy;
      ChronoUnit unit = calendarUnit(text);
      if (unit == null) {
        throw EsException.illegalArgument("The supplied interval [" + text + "] could not be parsed as a calendar interval.");
      }
      int months = text.equals("quarter") || text.equals("1q") ? 3 : 1;
      return Rounding.calendar(unit, months, zone);
    }
    String text = fixed != null ? fixed : legacy;
    long millis = TimeValue.millis(text);
    if (millis <= 0) {
      throw EsException.illegalArgument("failed to parse setting [date_histogram.fixed_interval] with value [" + text
          + "] as a time value: unit is missing or unrecognized");
    }
    return Rounding.fixed(millis, zone);
  }

  private static ChronoUnit calendarUnit(String text) {
    return switch (text) {
      case "minute", "1m" -> ChronoUnit.MINUTES;
      case "hour", "1h" -> ChronoUnit.HOURS;
      case "day", "1d" -> ChronoUnit.DAYS;
      case "week", "1w" -> ChronoUnit.WEEKS;
      case "month", "1M", "quarter", "1q" -> ChronoUnit.MONTHS;
      case "year", "1y" -> ChronoUnit.YEARS;
      default -> null;
    };
  }

  private long boundMillis(JsonNode v) {
    return v.isNumber() ? v.asLong() : Math.floorDiv(DateMath.parse(v.asText(), now, false), 1_000_000L);
  }

  private FieldValues field(JsonNode p, String name, String type) {
    if (p == null || !p.isObject() || !p.hasNonNull("field")) {
      throw EsException.illegalArgument("Required [field] missing for aggregation [" + name + "] of type [" + type + "]");
    }
    String field = p.get("field").asText();
    return fields.computeIfAbsent(field, f -> new FieldValues(f, kinds.of(f)));
  }

  private static void only(JsonNode p, String name, String type, String... allowed) {
    if (p == null || !p.isObject()) {
      throw EsException.parsing("[" + type + "] in [" + name + "] must be an object");
    }
    Set<String> ok = Set.of(allowed);
    p.fieldNames().forEachRemaining(k -> {
      if (!ok.contains(k)) {
        throw EsException.parsing("[" + type + "] unknown field [" + k + "] in aggregation [" + name + "]");
      }
    });
  }

  private static AggregatorFactory factory(String name, java.util.function.Function<BucketBudget, Aggregator> make) {
    return new AggregatorFactory() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public Aggregator create(BucketBudget budget) {
        return make.apply(budget);
      }
    };
  }

  /**
   * Collects every matching document into the top-level aggregations.
   *
   * @param searcher what filter queries are run on; null when nothing is searched
   */
  public CollectorManager<Collector, Long> collectorManager(IndexSearcher searcher) {
    this.searcher = searcher;
    top = new Aggregator[factories.size()];
    for (int i = 0; i < top.length; i++) {
      top[i] = factories.get(i).create(budget);
    }
    boolean wholeSegments = java.util.Arrays.stream(top).allMatch(Aggregator::countsWholeSegments);
    Collector collector = new Collector() {
      private Weight weight;

      @Override
      public void setWeight(Weight weight) {
        this.weight = weight;
      }

      @Override
      public LeafCollector getLeafCollector(LeafReaderContext context) throws IOException {
        if (wholeSegments && matchesWholeSegment(weight, context)) {
          for (Aggregator a : top) {
            a.collectSegment(context);
          }
          docCount += context.reader().maxDoc();
          throw new CollectionTerminatedException();
        }
        return new LeafCollector() {
          @Override
          public void setScorer(Scorable scorer) {}

          @Override
          public void collect(int doc) throws IOException {
            docCount++;
            for (Aggregator a : top) {
              a.collect(context, doc);
            }
          }
        };
      }

      @Override
      public ScoreMode scoreMode() {
        return ScoreMode.COMPLETE_NO_SCORES;
      }
    };
    return new CollectorManager<>() {
      @Override
      public Collector newCollector() {
        return collector;
      }

      @Override
      public Long reduce(java.util.Collection<Collector> collectors) {
        return docCount;
      }
    };
  }

  /**
   * True when the query matches every document of a segment that has no deletions, which the
   * query's weight often knows without visiting them (all documents, or a time range that covers
   * the segment): then aggregations that can count from the index's statistics do.
   */
  private static boolean matchesWholeSegment(Weight weight, LeafReaderContext context) throws IOException {
    return weight != null && context.reader().getLiveDocs() == null && weight.count(context) == context.reader().maxDoc();
  }

  /** Writes {@code "aggregations": {…}}; call after the collector ran. */
  public void render(JsonGenerator out) throws IOException {
    out.writeObjectFieldStart("aggregations");
    for (int i = 0; i < top.length; i++) {
      out.writeFieldName(factories.get(i).name());
      top[i].render(out);
    }
    out.writeEndObject();
  }
}
