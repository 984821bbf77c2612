package dev.trawl.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trawl.indexer.series.SeriesReader;
import dev.trawl.indexer.store.DocumentMapper;
import dev.trawl.indexer.store.Mapping;
import dev.trawl.indexer.store.Partition;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.store.FSDirectory;

/**
 * Heap of the series tables (see {@code dev.trawl.indexer.series}): one segment holding the lines
 * of N containers (default 30,000, a big cluster's day in one partition), each its own pod, uid,
 * file and container id, three lines each; prints the tables' heap, per series, and the time to
 * read them when the segment opens (the first time in the JVM, and the median of six more). Arguments: series (default 30000).
 */
public final class SeriesHeap {
  private static final ObjectMapper JSON = new ObjectMapper();

  private SeriesHeap() {}

  public static void main(String[] args) throws Exception {
    int containers = args.length > 0 ? Integer.parseInt(args[0]) : 30_000;
    Path dir = Files.createTempDirectory("trawl-bench-series-");
    try {
      Mapping mapping = new Mapping(1000);
      try (FSDirectory d = FSDirectory.open(dir); IndexWriter w = new IndexWriter(d, Partition.writerConfig())) {
        for (int line = 0; line < 3; line++) {
          for (int c = 0; c < containers; c++) {
            String pod = "app-" + (c % 500) + "-7d9f8b6c5-" + Integer.toString(c * 7919, 36);
            byte[] source = JSON.writeValueAsBytes(Map.of(
                "@timestamp", "2026-11-23T10:00:00.000" + line + "Z", "message", "line " + line, "stream", "stdout",
                "log", Map.of("file", Map.of("path", "/var/log/pods/ns-" + c % 20 + "_" + pod + "_uid-" + c + "/app/0.log")),
                "kubernetes", Map.of("namespace", "ns-" + c % 20, "pod", Map.of("name", pod, "uid", "uid-" + c),
                    "container", Map.of("name", "app"), "node", Map.of("name", "node-" + c / 30),
                    "labels", Map.of("app", "app-" + c % 500)),
                "container", Map.of("id", "containerd://" + Long.toHexString(c * 0x9E3779B97F4A7C15L),
                    "image", Map.of("name", "registry.example/app-" + c % 500 + ":1.0"))));
            w.addDocument(DocumentMapper.build(DocumentMapper.parse(line + "-" + c, source, 0), mapping).document());
          }
        }
        w.forceMerge(1);
        w.commit();
      }
      // each open is a new segment core, read again: the first cold, the median of the rest warm
      double[] millis = new double[7];
      long[] heap = null;
      try (FSDirectory d = FSDirectory.open(dir)) {
        for (int round = 0; round < millis.length; round++) {
          try (DirectoryReader plain = DirectoryReader.open(d)) {
            long start = System.nanoTime();
            try (DirectoryReader reader = new SeriesReader(plain)) {
              millis[round] = (System.nanoTime() - start) / 1e6;
              heap = SeriesReader.tableHeap(reader);
            }
          }
        }
      }
      double[] warm = java.util.Arrays.copyOfRange(millis, 1, millis.length);
      java.util.Arrays.sort(warm);
      System.out.printf("series_count %d series%n", heap[1]);
      System.out.printf("series_table_heap %.1f MiB%n", heap[0] / 1048576.0);
      System.out.printf("series_table_heap_per_series %.0f bytes%n", heap[0] / (double) heap[1]);
      System.out.printf("series_table_read_cold %.0f ms%n", millis[0]);
      System.out.printf("series_table_read_warm_median %.0f ms%n", warm[warm.length / 2]);
    } finally {
      BenchSupport.delete(dir);
    }
  }
}
