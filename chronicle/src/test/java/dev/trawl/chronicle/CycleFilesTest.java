package dev.trawl.chronicle;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import net.openhft.chronicle.core.time.SetTimeProvider;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CycleFilesTest {
  @TempDir Path dir;

  private SingleChronicleQueue open(SetTimeProvider time) {
    return SingleChronicleQueueBuilder.single(dir.toFile()).rollCycle(RollCycles.FAST_HOURLY).timeProvider(time).build();
  }

  private long cycleFiles() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> f.toString().endsWith(".cq4")).count();
    }
  }

  @Test
  void deletesCyclesBeforeTheIndexIncludingThoseOfAnEarlierRun() throws IOException {
    SetTimeProvider time = new SetTimeProvider(1_795_435_200_000L * 1_000_000L);
    try (SingleChronicleQueue queue = open(time); ExcerptAppender appender = queue.createAppender()) {
      for (int hour = 0; hour < 4; hour++) {
        appender.writeText("entry " + hour);
        time.advanceMillis(3_600_000L);
      }
    }
    assertEquals(4, cycleFiles());
    try (SingleChronicleQueue queue = open(time)) {
      List<Long> indexes = new ArrayList<>();
      try (ExcerptTailer tailer = queue.createTailer()) {
        while (true) {
          try (DocumentContext dc = tailer.readingDocument()) {
            if (!dc.isPresent()) {
              break;
            }
            indexes.add(dc.index());
          }
        }
      }
      assertEquals(4, indexes.size());
      assertEquals(2, CycleFiles.deleteBefore(queue, indexes.get(2)));
      assertEquals(2, cycleFiles());
      assertEquals(0, CycleFiles.deleteBefore(queue, indexes.get(2)), "nothing left before it");
      try (ExcerptTailer tailer = queue.createTailer()) {
        assertEquals("entry 2", tailer.readText(), "reading starts at the first kept cycle");
      }
    }
  }
}
