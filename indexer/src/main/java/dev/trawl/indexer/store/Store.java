package dev.trawl.indexer.store;

import dev.trawl.chronicle.DiskReserve;
import dev.trawl.indexer.wal.Wal;
import dev.trawl.indexer.wal.WalBatch;
import dev.trawl.indexer.wal.WalEntry;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.apache.lucene.store.AlreadyClosedException;
import org.apache.lucene.util.BytesRef;

/**
 * All partitions, and the rules of getting a document in: parse, pick the partition by
 * {@code @timestamp}, refuse a {@code create} whose {@code _id} exists, log to the WAL, add to
 * Lucene; while the disk is nearly full, refuse documents with 429 rather than let the WAL or
 * Lucene run out of space mid-write. {@link #ingest}, {@link #commit} and {@link #applyRetention} run on the one ingest
 * thread; {@link #refresh} and the search methods on any thread.
 */
public final class Store implements AutoCloseable {
  private final Path indicesDir;
  private final Wal wal;
  private final int maxFields;
  private final PartitionName.Granularity granularity;
  private final Clock clock;
  private final DiskReserve diskReserve;
  private final StoreEvents events;
  private final Map<PartitionName, Partition> partitions = new ConcurrentHashMap<>();
  private final WalBatch walBatch = new WalBatch();
  private volatile long appliedWalPosition = -1;

  /** @param diskReserve while the data directory's disk is under it, documents are refused with 429 (retried by clients) */
  /** @param granularity the time one new partition holds; partitions of another granularity on disk are kept and searched */
  public Store(Path dataDir, Wal wal, int maxFields, PartitionName.Granularity granularity, DiskReserve diskReserve,
      Clock clock, MeterRegistry registry) throws IOException {
    this.indicesDir = dataDir.resolve("indices");
    this.wal = wal;
    this.maxFields = maxFields;
    this.granularity = granularity;
    this.diskReserve = diskReserve;
    this.clock = clock;
    Files.createDirectories(indicesDir);
    this.events = new StoreEvents(registry, indicesDir, diskReserve);
    try (Stream<Path> dirs = Files.list(indicesDir)) {
      for (Path dir : (Iterable<Path>) dirs.sorted()::iterator) {
        var name = PartitionName.parse(dir.getFileName().toString());
        if (name.isPresent()) {
          Partition p = new Partition(name.get(), dir, maxFields);
          partitions.put(name.get(), p);
          events.partitionOpened(p, p.docCount());
        }
      }
    }
    registry.gauge("trawl.indexer.partitions", partitions, Map::size);
  }

  /** Applies the WAL's tail after the last commit, then commits and refreshes. */
  public void replayWal() throws IOException {
    long start = System.nanoTime();
    long entries = wal.replay(entry -> {
      try {
        apply(entry);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
    events.replayed(entries, (System.nanoTime() - start) / 1_000_000);
    appliedWalPosition = wal.lastPosition();
    commit();
    refresh();
  }

  private void apply(WalEntry entry) throws IOException {
    DocumentMapper.Parsed parsed = DocumentMapper.parse(entry.id(), entry.source(), nowNanos());
    Partition partition = partition(PartitionName.of(entry.stream(), parsed.timestampNanos(), granularity));
    BytesRef idTerm = partition.mapping().id(entry.id());
    boolean exists = partition.contains(entry.id(), idTerm);
    if (entry.create() && exists) {
      return;
    }
    partition.add(entry.id(), idTerm, DocumentMapper.build(parsed, partition.mapping(), idTerm).document(), exists);
  }

  /**
   * A document read ahead of {@link #ingest(List)}, on any thread, so that the ingest thread
   * only stores it: parsed, and built for its partition when that was open; or with the 400 that
   * says why it cannot be.
   */
  public record Prepared(String stream, String id, boolean create, byte[] source, DocumentMapper.Parsed parsed,
      PartitionName partitionName, Built built, IngestResult rejection) {
    /** A document that cannot be stored, and why. */
    public Prepared(String stream, String id, boolean create, byte[] source, IngestResult rejection) {
      this(stream, id, create, source, null, null, null, rejection);
    }
  }

  /** A document's Lucene fields, as the mapping of the partition it was built for gave them. */
  public record Built(Partition partition, BytesRef idTerm, MappedDocument mapped) {}

  /**
   * Parses a document for {@link #ingest(List)}, and builds its fields when its partition is open,
   * which leaves the single ingest thread, the bottleneck of a bulk load, only Lucene's own work.
   * Any thread.
   */
  public Prepared prepare(String stream, String id, boolean create, byte[] source) {
    DocumentMapper.Parsed parsed;
    try {
      parsed = DocumentMapper.parse(id, source, nowNanos());
    } catch (IllegalArgumentException e) {
      events.rejected();
      return new Prepared(stream, id, create, source, IngestResult.rejected("mapper_parsing_exception", e.getMessage()));
    }
    PartitionName name = PartitionName.of(stream, parsed.timestampNanos(), granularity);
    Partition open = partitions.get(name);
    Built built = null;
    if (open != null) {
      BytesRef idTerm = open.mapping().id(id);
      built = new Built(open, idTerm, DocumentMapper.build(parsed, open.mapping(), idTerm));
    }
    return new Prepared(stream, id, create, source, parsed, name, built, null);
  }

  /** Stores one document; it is in the WAL when this returns a 2xx result. Ingest thread only. */
  public IngestResult ingest(String stream, String id, boolean create, byte[] source) throws IOException {
    return ingest(List.of(prepare(stream, id, create, source))).get(0);
  }

  /**
   * Stores a chunk of prepared documents, answering each in order: those accepted are logged to
   * the WAL as one entry, then added to Lucene. Ingest thread only.
   */
  public List<IngestResult> ingest(List<Prepared> docs) throws IOException {
    List<IngestResult> results = new ArrayList<>(docs.size());
    List<Accepted> accepted = new ArrayList<>(docs.size());
    // a create of an id accepted earlier in this chunk is a duplicate before either reaches Lucene
    Set<AcceptedId> acceptedIds = new HashSet<>();
    PartitionName lastName = null;
    Partition lastPartition = null;
    walBatch.clear();
    for (Prepared doc : docs) {
      if (doc.rejection() != null) {
        results.add(doc.rejection());
        continue;
      }
      if (diskReserve.low()) {
        events.refusedDiskFull();
        results.add(IngestResult.diskFull((long) diskReserve.usableBytes()));
        continue;
      }
      // a chunk's documents mostly share a partition; none closes while the ingest thread is here
      if (!doc.partitionName().equals(lastName)) {
        lastName = doc.partitionName();
        lastPartition = partition(lastName);
      }
      Partition partition = lastPartition;
      // built for a partition retention has closed since, or before the partition opened: built again
      Built built = doc.built() != null && doc.built().partition() == partition ? doc.built() : null;
      BytesRef idTerm = built != null ? built.idTerm() : partition.mapping().id(doc.id());
      boolean inChunk = !acceptedIds.add(new AcceptedId(partition, doc.id()));
      boolean stored = !inChunk && partition.contains(doc.id(), idTerm);
      if (doc.create() && (inChunk || stored)) {
        events.duplicate();
        results.add(IngestResult.exists(doc.id()));
        continue;
      }
      walBatch.add(doc.stream(), doc.id(), doc.create(), doc.source());
      accepted.add(new Accepted(doc, partition, idTerm, built, stored, inChunk));
      results.add(inChunk || stored ? IngestResult.updated() : IngestResult.created());
    }
    if (walBatch.isEmpty()) {
      return results;
    }
    long position = wal.append(walBatch);
    add(accepted);
    appliedWalPosition = position;
    return results;
  }

  /**
   * Adds a chunk's accepted documents in order. The documents stored before the chunk that some of
   * them replace are deleted first, all of a partition's at once (a delete of ids held in doc values
   * walks each segment, once for all of them), and no refresh shows a partition between that delete
   * and the last of its replacing documents; a document replacing one earlier in the chunk replaces
   * it on its own.
   */
  private void add(List<Accepted> accepted) throws IOException {
    Map<Partition, List<BytesRef>> replacedStored = new LinkedHashMap<>();
    for (Accepted a : accepted) {
      if (a.replacesStored()) {
        replacedStored.computeIfAbsent(a.partition(), p -> new ArrayList<>()).add(a.idTerm());
      }
    }
    List<Partition> replacing = new ArrayList<>(replacedStored.size());
    try {
      for (Map.Entry<Partition, List<BytesRef>> replaced : replacedStored.entrySet()) {
        replaced.getKey().beginReplacing(replaced.getValue());
        replacing.add(replaced.getKey());
      }
      for (Accepted a : accepted) {
        MappedDocument mapped = a.built() != null ? a.built().mapped()
            : DocumentMapper.build(a.doc().parsed(), a.partition().mapping(), a.idTerm());
        a.partition().add(a.doc().id(), a.idTerm(), mapped.document(), a.replacesInChunk());
        events.indexed(a.doc().source().length, mapped.ignoredFields());
      }
    } finally {
      replacing.forEach(Partition::endReplacing);
    }
  }

  /**
   * A document on its way into Lucene: whether it replaces one stored before its chunk (found by
   * the {@code create} check's lookup) or one accepted earlier in the chunk.
   */
  private record Accepted(Prepared doc, Partition partition, BytesRef idTerm, Built built, boolean replacesStored,
      boolean replacesInChunk) {}

  private record AcceptedId(Partition partition, String id) {}

  private Partition partition(PartitionName name) throws IOException {
    Partition p = partitions.get(name);
    if (p == null) {
      p = new Partition(name, indicesDir.resolve(name.toString()), maxFields);
      partitions.put(name, p);
      events.partitionOpened(p, 0);
    }
    return p;
  }

  private long nowNanos() {
    var now = clock.instant();
    return now.getEpochSecond() * 1_000_000_000L + now.getNano();
  }

  /** Makes acknowledged documents searchable. Any thread. */
  public void refresh() throws IOException {
    long start = System.nanoTime();
    for (Partition p : partitions.values()) {
      try {
        p.refresh();
      } catch (AlreadyClosedException e) {
        // deleted by retention meanwhile
      }
    }
    events.refreshed(System.nanoTime() - start);
  }

  /** Commits every partition, then moves the WAL checkpoint. Ingest thread only. */
  public void commit() throws IOException {
    long position = appliedWalPosition;
    for (Partition p : partitions.values()) {
      p.commit(position);
    }
    if (position >= 0) {
      wal.checkpoint(position);
    }
  }

  /** Deletes partitions past the age limit, then the oldest while over the size limit. Ingest thread only. */
  public void applyRetention(Duration maxAge, long maxBytes) throws IOException {
    long cutoff = nowNanos() - maxAge.toNanos();
    List<Partition> byAge = new ArrayList<>(partitions.values());
    byAge.sort(Comparator.comparing((Partition p) -> p.name().start()).thenComparing(p -> p.name().stream()));
    for (Partition p : List.copyOf(byAge)) {
      if (p.name().endNanos() <= cutoff) {
        delete(p, "older than " + maxAge);
        byAge.remove(p);
      }
    }
    if (maxBytes > 0) {
      long total = byAge.stream().mapToLong(Partition::sizeBytes).sum();
      while (total > maxBytes && byAge.size() > 1) {
        Partition oldest = byAge.remove(0);
        total -= oldest.sizeBytes();
        delete(oldest, "total size over " + maxBytes + " bytes");
      }
    }
  }

  private void delete(Partition p, String why) throws IOException {
    partitions.remove(p.name());
    p.delete();
    events.retentionDeleted(p.name(), why);
  }

  /**
   * The partitions an index expression names: comma-separated stream names, partition names or
   * wildcard patterns ({@code logs}, {@code logs-2026.11.23}, {@code logs-*}, {@code *}).
   *
   * @param overlapping keeps only partitions whose time span overlaps [fromNanos, toNanos)
   */
  public List<Partition> resolve(String expression, long fromNanos, long toNanos) {
    List<Partition> out = new ArrayList<>();
    for (String part : expression.split(",")) {
      String pattern = part.trim();
      if (pattern.isEmpty() || pattern.equals("_all")) {
        pattern = "*";
      }
      PathMatcher glob = FileSystems.getDefault().getPathMatcher("glob:" + pattern);
      for (Partition p : partitions.values()) {
        boolean match = glob.matches(Path.of(p.name().toString())) || glob.matches(Path.of(p.name().stream()));
        if (match && !out.contains(p) && p.name().endNanos() > fromNanos && p.name().startNanos() < toNanos) {
          out.add(p);
        }
      }
    }
    out.sort(Comparator.comparing((Partition p) -> p.name().start()).reversed());
    return out;
  }

  /** True when some partition matches the expression, whatever its time span. */
  public boolean exists(String expression) {
    return !resolve(expression, Long.MIN_VALUE, Long.MAX_VALUE).isEmpty();
  }

  /** Deletes every partition the expression names; returns how many. Ingest thread only. */
  public int deleteIndex(String expression) throws IOException {
    List<Partition> matched = resolve(expression, Long.MIN_VALUE, Long.MAX_VALUE);
    for (Partition p : matched) {
      partitions.remove(p.name());
      p.delete();
    }
    return matched.size();
  }

  @Override
  public void close() throws IOException {
    commit();
    for (Partition p : partitions.values()) {
      p.close();
    }
    partitions.clear();
  }
}
