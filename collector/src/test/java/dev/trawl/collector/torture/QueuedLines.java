package dev.trawl.collector.torture;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trawl.collector.queue.NodeQueue;
import dev.trawl.collector.queue.QueuedDocument;
import dev.trawl.collector.queue.Stream;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The numbered lines a node queue holds, and the check that each written line is there once, in order. */
final class QueuedLines {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern LINE = Pattern.compile("^line c(\\d+) s(\\d+) n(\\d+) x*$");

  private record Numbered(int container, int segment, long seq) {}

  private QueuedLines() {}

  /** How many log documents the queue holds. */
  static long count(Path queueDir) throws IOException {
    long n = 0;
    try (NodeQueue queue = new NodeQueue(queueDir, Long.MAX_VALUE, new SimpleMeterRegistry());
        NodeQueue.Reader reader = queue.reader()) {
      for (QueuedDocument doc = reader.next(); doc != null; doc = reader.next()) {
        n += doc.stream() == Stream.LOGS ? 1 : 0;
      }
    }
    return n;
  }

  /**
   * Asserts that container {@code c}'s lines {@code 0..written[c]-1} are each in the queue exactly
   * once, in order within each file segment, and that the queue holds nothing else.
   */
  static void assertExactlyOnce(Path queueDir, long[] written) throws IOException {
    List<Numbered> lines = new ArrayList<>();
    List<String> strays = new ArrayList<>();
    try (NodeQueue queue = new NodeQueue(queueDir, Long.MAX_VALUE, new SimpleMeterRegistry());
        NodeQueue.Reader reader = queue.reader()) {
      for (QueuedDocument doc = reader.next(); doc != null; doc = reader.next()) {
        if (doc.stream() != Stream.LOGS) {
          continue;
        }
        String message = JSON.readTree(doc.source()).path("message").asText();
        Matcher m = LINE.matcher(message);
        if (m.matches()) {
          lines.add(new Numbered(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Long.parseLong(m.group(3))));
        } else {
          strays.add(new String(doc.source(), java.nio.charset.StandardCharsets.UTF_8));
        }
      }
    }
    assertEquals(List.of(), strays.subList(0, Math.min(5, strays.size())), "only whole written lines are queued");
    for (int c = 0; c < written.length; c++) {
      long[] seen = new long[(int) written[c]];
      Map<Integer, Long> lastInSegment = new HashMap<>();
      List<String> problems = new ArrayList<>();
      for (Numbered line : lines) {
        if (line.container() != c) {
          continue;
        }
        if (line.seq() >= written[c]) {
          problems.add("n" + line.seq() + " was never written");
          continue;
        }
        seen[(int) line.seq()]++;
        Long last = lastInSegment.put(line.segment(), line.seq());
        if (last != null && last > line.seq()) {
          problems.add("n" + line.seq() + " after n" + last + " in segment s" + line.segment());
        }
      }
      for (int seq = 0; seq < seen.length && problems.size() < 10; seq++) {
        if (seen[seq] != 1) {
          problems.add("n" + seq + " queued " + seen[seq] + " times");
        }
      }
      assertEquals(List.of(), problems, "container c" + c + " (" + written[c] + " lines written)");
    }
  }
}
