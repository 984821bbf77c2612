package dev.trawl.indexer.store;

import dev.trawl.chronicle.DiskReserve;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The store's named events: each writes (at most) one log line and moves one metric. */
final class StoreEvents {
  private static final Logger LOG = LoggerFactory.getLogger(StoreEvents.class);

  private final Counter indexed;
  private final Counter indexedBytes;
  private final Counter ignoredFields;
  private final Counter duplicates;
  private final Counter rejected;
  private final Counter refusedDiskFull;
  private final Counter retentionDeleted;
  private final AtomicLong refreshLagNanos = new AtomicLong();
  private final MeterRegistry registry;
  private final Map<PartitionName, List<Gauge>> partitionGauges = new ConcurrentHashMap<>();

  StoreEvents(MeterRegistry registry, Path dataDir, DiskReserve diskReserve) throws IOException {
    this.registry = registry;
    FileStore disk = Files.getFileStore(dataDir);
    // read through the reserve, so the gauge shows what the 429 decision saw
    Gauge.builder("trawl.indexer.disk.free", diskReserve, DiskReserve::usableBytes).baseUnit("bytes")
        .description("Bytes the indexer can still write on its data directory's filesystem").register(registry);
    Gauge.builder("trawl.indexer.disk.total", disk, StoreEvents::totalBytes).baseUnit("bytes")
        .description("Size of the data directory's filesystem").register(registry);
    Gauge.builder("trawl.indexer.disk.full", diskReserve, r -> r.low() ? 1 : 0)
        .description("1 while the data directory's filesystem is under data.min_free_bytes and documents answer 429")
        .register(registry);
    refusedDiskFull = Counter.builder("trawl.indexer.docs.refused.disk.full")
        .description("Documents answered 429 because the disk was under data.min_free_bytes (clients retry them)")
        .register(registry);
    indexed = Counter.builder("trawl.indexer.docs.indexed").description("Documents stored").register(registry);
    indexedBytes = Counter.builder("trawl.indexer.indexed").baseUnit("bytes")
        .description("Source bytes of the documents stored").register(registry);
    ignoredFields = Counter.builder("trawl.indexer.fields.ignored")
        .description("Field values kept only in _source: type conflicts, the field cap, over-long keywords")
        .register(registry);
    duplicates = Counter.builder("trawl.indexer.docs.duplicate")
        .description("create actions whose _id was already stored (409)").register(registry);
    rejected = Counter.builder("trawl.indexer.docs.rejected")
        .description("Documents rejected as bad (400)").register(registry);
    retentionDeleted = Counter.builder("trawl.indexer.retention.deleted.partitions")
        .description("Partitions deleted by retention").register(registry);
    registry.gauge("trawl.indexer.refresh.lag.seconds", refreshLagNanos, n -> n.get() / 1e9);
  }

  void indexed(int sourceBytes, int ignored) {
    indexed.increment();
    indexedBytes.increment(sourceBytes);
    if (ignored > 0) {
      ignoredFields.increment(ignored);
    }
  }

  void duplicate() {
    duplicates.increment();
  }

  void rejected() {
    rejected.increment();
  }

  void refusedDiskFull() {
    refusedDiskFull.increment();
  }

  void refreshed(long tookNanos) {
    refreshLagNanos.set(tookNanos);
  }

  void partitionOpened(Partition partition, long docs) {
    LOG.info("partition open name={} docs={}", partition.name(), docs);
    partitionGauges.put(partition.name(), List.of(
        Gauge.builder("trawl.indexer.partition.size", partition, Partition::sizeBytes).baseUnit("bytes")
            .tag("partition", partition.name().toString()).tag("stream", partition.name().stream())
            .description("Bytes of one partition's files on disk").register(registry),
        Gauge.builder("trawl.indexer.partition.segments", partition, Partition::segmentCount)
            .tag("partition", partition.name().toString()).tag("stream", partition.name().stream())
            .description("Lucene segments of one partition, as searchers see it").register(registry),
        Gauge.builder("trawl.indexer.partition.id.filter", partition, Partition::idFilterBytes).baseUnit("bytes")
            .tag("partition", partition.name().toString()).tag("stream", partition.name().stream())
            .description("Heap held by one partition's filter of its ids (built at its first create since the start)")
            .register(registry),
        Gauge.builder("trawl.indexer.partition.series.tables", partition, Partition::seriesTableBytes).baseUnit("bytes")
            .tag("partition", partition.name().toString()).tag("stream", partition.name().stream())
            .description("Heap held by the series tables of one partition's segments (each container's fields, per segment)")
            .register(registry)));
  }

  void replayed(long entries, long tookMillis) {
    LOG.info("wal replay entries={} took_ms={}", entries, tookMillis);
  }

  void retentionDeleted(PartitionName name, String why) {
    retentionDeleted.increment();
    List<Gauge> gauges = partitionGauges.remove(name);
    if (gauges != null) {
      gauges.forEach(registry::remove);
    }
    LOG.info("retention delete partition={} reason={}", name, why);
  }

  private static double totalBytes(FileStore disk) {
    try {
      return disk.getTotalSpace();
    } catch (IOException e) {
      return Double.NaN;
    }
  }
}
