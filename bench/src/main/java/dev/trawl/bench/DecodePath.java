package dev.trawl.bench;

import dev.trawl.collector.cri.CriDecoder;
import dev.trawl.collector.cri.CriLine;
import dev.trawl.collector.kube.PodPath;
import dev.trawl.collector.queue.DocumentBatch;
import dev.trawl.collector.queue.NodeQueue;
import dev.trawl.collector.queue.Stream;
import dev.trawl.collector.record.BodyParser;
import dev.trawl.collector.record.DocumentId;
import dev.trawl.collector.record.KubernetesFields;
import dev.trawl.collector.record.LogDocument;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The per-line work of the tail bench without files, threads or the sink's glue: CRI decode →
 * document → batch into a real node queue (whose reader makes the {@code _id}s), over the tail
 * bench's lines held in memory, on one thread. Rounds of a fixed number of lines; prints the median round's nanoseconds
 * per line and MB of input per CPU-second, so two builds can be compared in short alternating runs.
 * Arguments: rounds (default 15), lines per round (default 1,000,000).
 */
public final class DecodePath {
  private static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'").withZone(ZoneOffset.UTC);

  private DecodePath() {}

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
    int perRound = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
    List<String> bodies = TailThroughput.bodies();
    byte[][] lines = new byte[bodies.size()][];
    Instant t = Instant.parse("2026-11-23T00:00:00Z");
    long inputBytes = 0;
    for (int i = 0; i < lines.length; i++) {
      lines[i] = (TS.format(t.plusNanos(i * 1000L)) + (i % 10 == 0 ? " stderr F " : " stdout F ") + bodies.get(i))
          .getBytes(StandardCharsets.UTF_8);
      inputBytes += lines[i].length + 1;
    }
    double bytesPerLine = (double) inputBytes / lines.length;
    Path dir = Files.createTempDirectory("trawl-bench-decode-");
    var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    try {
      PodPath pod = new PodPath("bench", "pod-0", "00000000-0000-0000-0000-000000000000", "app");
      String path = "/var/log/pods/bench_pod-0_00000000-0000-0000-0000-000000000000/app/0.log";
      byte[] tail = LogDocument.tail(path, KubernetesFields.render(pod, null, Map.of(), "bench-node"));
      DocumentId ids = new DocumentId("bench-node", pod.podUid(), pod.containerName(), 42, 0);
      LogDocument document = new LogDocument();
      CriLine line = new CriLine();
      double[] nanosPerLine = new double[rounds];
      long offset = 0;
      for (int r = 0; r < rounds; r++) {
        // a queue per round, deleted after it, so a long run does not fill the disk
        Path queueDir = dir.resolve("queue-" + r);
        NodeQueue queue = new NodeQueue(queueDir, Long.MAX_VALUE, new SimpleMeterRegistry());
        DocumentBatch batch = new DocumentBatch(queue);
        long cpu0 = threads.getCurrentThreadCpuTime();
        for (int n = 0; n < perRound; n++) {
          byte[] b = lines[n % lines.length];
          if (!CriDecoder.decode(b, 0, b.length, line)) {
            throw new IllegalStateException("bench line is not CRI: " + new String(b, StandardCharsets.UTF_8));
          }
          document.write(b, line.timestampStart(), line.timestampLength(), b, line.bodyStart(), line.bodyLength(),
              line.stream().label(), BodyParser.AUTO, 0);
          batch.add(Stream.LOGS, tail, ids, offset, document.bytes(), 0, document.length());
          offset += b.length + 1;
          if ((n & 511) == 511) {
            batch.flush();
          }
        }
        batch.flush();
        nanosPerLine[r] = (double) (threads.getCurrentThreadCpuTime() - cpu0) / perRound;
        queue.close();
        BenchSupport.delete(queueDir);
      }
      double[] sorted = nanosPerLine.clone();
      Arrays.sort(sorted);
      double median = sorted[rounds / 2];
      System.out.printf("decode_ns_per_line_median %.0f ns%n", median);
      System.out.printf("decode_ns_per_line_best %.0f ns%n", sorted[0]);
      System.out.printf("decode_mb_per_cpu_second %.1f MB/cpu-s%n", bytesPerLine * 1e3 / median);
    } finally {
      BenchSupport.delete(dir);
    }
  }
}
