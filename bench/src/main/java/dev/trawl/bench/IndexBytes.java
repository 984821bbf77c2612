package dev.trawl.bench;

import dev.trawl.indexer.store.DocumentMapper;
import dev.trawl.indexer.store.IdCodec;
import dev.trawl.indexer.store.Mapping;
import dev.trawl.indexer.store.Partition;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.OrdinalMap;
import org.apache.lucene.index.SortedDocValues;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.packed.PackedInts;

/**
 * Where a partition's bytes go: the bench's documents (as {@code ./trawl bench ingest} sends them)
 * built by one {@code IndexWriter} configured as a partition is, committed, without compound files
 * so that each Lucene structure has its own files; prints bytes per document per kind of file
 * (stored fields, terms dictionary, postings, positions, doc values, norms) and in all. Side by
 * side with another build of the same working copy, it tells what a storage change saves.
 * Also the heap a merge of all the run's segments would take for the map of their {@code _id}
 * doc values' ordinals, in bytes per id. Arguments: documents (default 300000), ids
 * ({@code sequential} or {@code collector}).
 */
public final class IndexBytes {
  private IndexBytes() {}

  /** The Lucene structure a file holds, by its extension. */
  private static String kind(String extension) {
    return switch (extension) {
      case "fdt", "fdx", "fdm" -> "stored_fields";
      case "tim", "tip", "tmd" -> "terms_dictionary";
      case "doc" -> "postings";
      case "pos" -> "positions";
      case "dvd", "dvm", "tsd", "tsm" -> "doc_values";
      case "nvd", "nvm" -> "norms";
      default -> "other";
    };
  }

  /** The heap of the ordinal map a merge of every segment's ids builds (as Lucene's doc values merge does), or 0 for ids held as terms. */
  private static long idMergeMapBytes(Path dir) throws Exception {
    try (FSDirectory d = FSDirectory.open(dir); DirectoryReader reader = DirectoryReader.open(d)) {
      List<SortedDocValues> ids = new ArrayList<>();
      for (LeafReaderContext leaf : reader.leaves()) {
        SortedDocValues values = IdCodec.docValues(leaf.reader());
        if (values != null) {
          ids.add(values);
        }
      }
      return ids.isEmpty() ? 0
          : OrdinalMap.build(null, ids.toArray(SortedDocValues[]::new), PackedInts.COMPACT).ramBytesUsed();
    }
  }

  public static void main(String[] args) throws Exception {
    int docs = args.length > 0 ? Integer.parseInt(args[0]) : 300_000;
    BenchDocuments.Ids ids = args.length > 1 ? BenchDocuments.Ids.valueOf(args[1].toUpperCase(Locale.ROOT))
        : BenchDocuments.Ids.SEQUENTIAL;
    BenchDocuments generated = new BenchDocuments(docs, ids);
    Path dir = Files.createTempDirectory("trawl-bench-bytes-");
    try {
      Mapping mapping = new Mapping(1000);
      IndexWriterConfig config = Partition.writerConfig().setUseCompoundFile(false);
      config.getMergePolicy().setNoCFSRatio(0);
      try (FSDirectory d = FSDirectory.open(dir); IndexWriter w = new IndexWriter(d, config)) {
        for (int i = 0; i < docs; i++) {
          w.addDocument(DocumentMapper.build(DocumentMapper.parse(generated.id(i), generated.source(i), 0), mapping).document());
        }
        w.commit();
      }
      long mergeMapBytes = idMergeMapBytes(dir);
      Map<String, Long> bytes = new TreeMap<>();
      long total = 0;
      try (Stream<Path> files = Files.list(dir)) {
        for (Path file : (Iterable<Path>) files::iterator) {
          String name = file.getFileName().toString();
          String kind = kind(name.substring(name.lastIndexOf('.') + 1));
          long size = Files.size(file);
          bytes.merge(kind, size, Long::sum);
          total += size;
        }
      }
      System.out.printf("index_bytes_documents %d docs%n", docs);
      bytes.forEach((kind, size) -> System.out.printf("index_bytes_%s %.1f bytes/doc%n", kind, size / (double) docs));
      System.out.printf("index_bytes_total %.1f bytes/doc%n", total / (double) docs);
      System.out.printf("index_id_merge_map_heap %.1f bytes/id%n", mergeMapBytes / (double) docs);
    } finally {
      BenchSupport.delete(dir);
    }
  }
}
