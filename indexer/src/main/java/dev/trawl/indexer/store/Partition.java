package dev.trawl.indexer.store;

import dev.trawl.indexer.series.SeriesReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.ToLongFunction;
import java.util.stream.Stream;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.SortedDocValuesField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.FieldInfo;
import org.apache.lucene.index.FieldInfos;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.LogByteSizeMergePolicy;
import org.apache.lucene.index.SortedDocValues;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.store.AlreadyClosedException;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.BytesRef;

/**
 * One Lucene index: a stream's documents of one day, sorted by {@code @timestamp} newest first
 * so newest-first searches stop early, stored fields compressed. Knows whether it holds an
 * {@code _id}: a filter of all its ids rules out a new one; ids added since the last refresh are in
 * memory (as Elasticsearch's version map), older ones are looked up in the terms dictionary.
 * Thread-safe.
 */
public final class Partition implements AutoCloseable {
  static final String WAL_POSITION = "trawl.wal.position";
  static final String MAPPING = "trawl.mapping";
  /** Present in the commits of partitions whose ids are kept by {@link IdCodec#encode}. */
  static final String ID_ENCODING = "trawl.ids";
  private static final String BASE64_IDS = "base64-as-bytes";
  /** Present in the commits of partitions whose per-container fields are held by series keys. */
  private static final String FIELD_LAYOUT = "trawl.fields";
  private static final String SERIES_KEYS = "series-keys";
  /** Present in the commits of partitions whose ids are sorted doc values, not indexed and stored terms. */
  static final String ID_LAYOUT = "trawl.ids.layout";
  private static final String ID_DOC_VALUES = "sorted-doc-values";
  static final Sort INDEX_SORT = new Sort(new SortField(Mapping.TIMESTAMP, SortField.Type.LONG, true));

  private final PartitionName name;
  private final Path dir;
  private final FSDirectory directory;
  private final IndexWriter writer;
  private final SearcherManager searchers;
  private final Mapping mapping;
  private volatile Set<String> recentIds = ConcurrentHashMap.newKeySet();
  private volatile Set<String> refreshingIds = Set.of();
  private IndexReader idLookupReader;
  private TermsEnum[] idLookups;
  /** Held by a refresh, and by the ingest thread while it replaces documents (see {@link #beginReplacing}). */
  private final ReentrantLock visibility = new ReentrantLock();
  /** Written by the ingest thread only; volatile for {@link #idFilterBytes}. */
  private volatile IdFilters idFilters;

  Partition(PartitionName name, Path dir, int maxFields) throws IOException {
    this.name = name;
    this.dir = dir;
    this.directory = FSDirectory.open(dir);
    boolean committedBefore = DirectoryReader.indexExists(directory);
    this.writer = new IndexWriter(directory, writerConfig().setCommitOnClose(false));
    this.mapping = new Mapping(maxFields);
    Map<String, String> committed = writer.getLiveCommitData() == null ? Map.of() : userData();
    if (committed.containsKey(MAPPING)) {
      mapping.load(committed.get(MAPPING));
    }
    if (committedBefore && !BASE64_IDS.equals(committed.get(ID_ENCODING))) {
      mapping.keepTextIds();
    }
    if (committedBefore && !SERIES_KEYS.equals(committed.get(FIELD_LAYOUT))) {
      mapping.keepFieldsApart();
    }
    if (committedBefore && !ID_DOC_VALUES.equals(committed.get(ID_LAYOUT))) {
      mapping.keepIdTerms();
    }
    this.searchers = new SearcherManager(new SeriesReader(DirectoryReader.open(writer)), null);
    IndexSearcher searcher = searchers.acquire();
    try {
      for (FieldInfo field : FieldInfos.getMergedFieldInfos(searcher.getIndexReader())) {
        if (field.getPointDimensionCount() > 0) {
          mapping.keepPoints(field.getName());
        }
      }
    } finally {
      searchers.release(searcher);
    }
  }

  /**
   * How a partition's documents are analysed, sorted, encoded and merged. Only neighbouring
   * segments are merged, as Elasticsearch does for time-based data: documents come roughly in
   * time order, so each segment keeps its own stretch of time, a time range matches few segments
   * in part (the others whole or not at all), and a histogram bucket is one long run of documents.
   * Thirty-two segments a merge rewrites each document fewer times than ten would.
   */
  public static IndexWriterConfig writerConfig() {
    LogByteSizeMergePolicy merges = new LogByteSizeMergePolicy();
    merges.setMergeFactor(32);
    merges.setMaxMergeMB(5 * 1024);
    return new IndexWriterConfig(new FieldAnalyzer())
        .setIndexSort(INDEX_SORT)
        .setCodec(new PartitionCodec())
        .setRAMBufferSizeMB(32)
        .setMergePolicy(merges);
  }

  private Map<String, String> userData() {
    Map<String, String> data = new HashMap<>();
    writer.getLiveCommitData().forEach(e -> data.put(e.getKey(), e.getValue()));
    return data;
  }

  public PartitionName name() {
    return name;
  }

  public Mapping mapping() {
    return mapping;
  }

  /**
   * True when a document with this id is stored (searchable or not yet); {@code term} is the id as
   * {@link Mapping#id} holds it. A new id is told apart by the partition's {@link IdFilters} alone;
   * a maybe is looked up in the ids added since the last refresh, then in each segment's terms
   * (kept for the next call while the searchable view stays the same). Ingest thread only.
   */
  boolean contains(String id, BytesRef term) throws IOException {
    if (!idFilters().mightContain(term)) {
      return false;
    }
    if (recentIds.contains(id) || refreshingIds.contains(id)) {
      return true;
    }
    IndexSearcher searcher = searchers.acquire();
    try {
      TermsEnum[] ids = idLookups(searcher.getIndexReader());
      // newest segment first: a redelivered document was most likely sent moments ago
      for (int i = ids.length - 1; i >= 0; i--) {
        if (ids[i] != null && ids[i].seekExact(term)) {
          return true;
        }
      }
      return false;
    } finally {
      searchers.release(searcher);
    }
  }

  /** Built at the first lookup, from the ids of the index and of the documents not yet refreshed. */
  private IdFilters idFilters() throws IOException {
    if (idFilters != null) {
      return idFilters;
    }
    // read before the view, in this order, so an id a concurrent refresh moves into the view is in one of them
    List<String> unrefreshed = new ArrayList<>(recentIds);
    unrefreshed.addAll(refreshingIds);
    IndexSearcher searcher = searchers.acquire();
    try {
      IndexReader reader = searcher.getIndexReader();
      IdFilters filters = new IdFilters(reader.maxDoc() + (long) unrefreshed.size());
      for (LeafReaderContext leaf : reader.leaves()) {
        TermsEnum segmentIds = ids(leaf.reader());
        if (segmentIds != null) {
          for (BytesRef term = segmentIds.next(); term != null; term = segmentIds.next()) {
            filters.add(term);
          }
        }
      }
      for (String id : unrefreshed) {
        filters.add(mapping.id(id));
      }
      idFilters = filters;
      return filters;
    } finally {
      searchers.release(searcher);
    }
  }

  private TermsEnum[] idLookups(IndexReader reader) throws IOException {
    if (reader != idLookupReader) {
      List<LeafReaderContext> leaves = reader.leaves();
      TermsEnum[] lookups = new TermsEnum[leaves.size()];
      for (int i = 0; i < lookups.length; i++) {
        lookups[i] = ids(leaves.get(i).reader());
      }
      idLookups = lookups;
      idLookupReader = reader;
    }
    return idLookups;
  }

  /** A segment's ids, as its terms or its sorted doc values hold them; null when it has none. */
  private static TermsEnum ids(LeafReader segment) throws IOException {
    Terms terms = segment.terms(DocumentMapper.ID);
    if (terms != null) {
      return terms.iterator();
    }
    SortedDocValues values = IdCodec.docValues(segment);
    return values == null ? null : values.termsEnum();
  }

  /**
   * Adds a document, replacing the one that holds its id when {@link #contains} found one and
   * {@link #beginReplacing} has not deleted it; {@code term} is its id as {@link Mapping#id} holds
   * it. A new id deletes nothing, so most documents cost no delete (which for ids in doc values is
   * a walk of each segment's ids).
   */
  void add(String id, BytesRef term, Document doc, boolean replaces) throws IOException {
    if (!replaces) {
      writer.addDocument(doc);
    } else if (mapping.idTerms()) {
      writer.updateDocument(new Term(DocumentMapper.ID, term), doc);
    } else {
      writer.updateDocuments(SortedDocValuesField.newSlowExactQuery(DocumentMapper.ID, term), List.of(doc));
    }
    recentIds.add(id);
    if (idFilters != null) {
      idFilters.add(term);
    }
  }

  /**
   * Deletes the documents holding these ids (as {@link Mapping#id} holds them) ahead of the
   * documents that replace them, which the ingest thread adds before {@link #endReplacing}: until
   * then no refresh makes the partition searchable, so no search sees an id's old document gone and
   * its new one not yet there. Ids in doc values are deleted by one walk of each segment for all.
   */
  void beginReplacing(List<BytesRef> terms) throws IOException {
    visibility.lock();
    try {
      if (mapping.idTerms()) {
        writer.deleteDocuments(terms.stream().map(term -> new Term(DocumentMapper.ID, term)).toArray(Term[]::new));
      } else {
        writer.deleteDocuments(SortedDocValuesField.newSlowSetQuery(DocumentMapper.ID, terms));
      }
    } catch (IOException | RuntimeException e) {
      visibility.unlock();
      throw e;
    }
  }

  /** Lets refreshes make the partition searchable again, its replacing documents added. */
  void endReplacing() {
    visibility.unlock();
  }

  /** Makes what was added searchable. */
  void refresh() throws IOException {
    visibility.lock();
    try {
      refreshingIds = recentIds;
      // sized for as many ids as the last interval's, so a steady load does not grow the set again each time
      recentIds = ConcurrentHashMap.newKeySet(refreshingIds.size());
      searchers.maybeRefreshBlocking();
      refreshingIds = Set.of();
    } finally {
      visibility.unlock();
    }
  }

  /** Commits with the WAL position every added document is at or before, and the mapping. */
  void commit(long walPosition) throws IOException {
    Map<String, String> data = new HashMap<>(Map.of(WAL_POSITION, Long.toString(walPosition), MAPPING, mapping.toJson()));
    if (!mapping.textIds()) {
      data.put(ID_ENCODING, BASE64_IDS);
    }
    if (mapping.seriesKeys()) {
      data.put(FIELD_LAYOUT, SERIES_KEYS);
    }
    if (!mapping.idTerms()) {
      data.put(ID_LAYOUT, ID_DOC_VALUES);
    }
    writer.setLiveCommitData(data.entrySet());
    writer.commit();
  }

  public IndexSearcher acquire() throws IOException {
    return searchers.acquire();
  }

  public void release(IndexSearcher searcher) throws IOException {
    searchers.release(searcher);
  }

  public long docCount() {
    return writer.getDocStats().numDocs;
  }

  /** Segments of the searchable view (as of the last refresh); 0 once the partition is closed. */
  public int segmentCount() {
    return (int) ofView(reader -> reader.leaves().size());
  }

  /** Heap bytes of the partition's id filters; 0 before its first {@code create} since it opened. */
  public long idFilterBytes() {
    IdFilters filters = idFilters;
    return filters == null ? 0 : filters.ramBytes();
  }

  /** Heap bytes of the series tables of the searchable view's segments; 0 once the partition is closed. */
  public long seriesTableBytes() {
    return ofView(reader -> SeriesReader.tableHeap(reader)[0]);
  }

  /** A measure of the searchable view, or 0 once the partition is closed. */
  private long ofView(ToLongFunction<IndexReader> measure) {
    try {
      IndexSearcher searcher = searchers.acquire();
      try {
        return measure.applyAsLong(searcher.getIndexReader());
      } finally {
        searchers.release(searcher);
      }
    } catch (IOException | AlreadyClosedException e) {
      return 0;
    }
  }

  /** Bytes of the partition's files on disk. */
  public long sizeBytes() {
    try (Stream<Path> files = Files.list(dir)) {
      return files.mapToLong(f -> f.toFile().length()).sum();
    } catch (IOException e) {
      return 0;
    }
  }

  Path dir() {
    return dir;
  }

  @Override
  public void close() throws IOException {
    searchers.close();
    writer.close();
    directory.close();
  }

  /** Deletes the partition's files after closing it. */
  void delete() throws IOException {
    close();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        Files.deleteIfExists(f);
      }
    }
    Files.deleteIfExists(dir);
  }
}
