package dev.trawl.collector.tail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.trawl.testing.Await;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TailerTest {
  private static final Duration WAIT = Duration.ofSeconds(20);

  @TempDir Path dir;
  private final List<String> lines = Collections.synchronizedList(new ArrayList<>());
  private final List<FileIdentity> identities = Collections.synchronizedList(new ArrayList<>());
  private Tailer tailer;

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  private Tailer start(int maxLineBytes) throws IOException {
    return start(maxLineBytes, Duration.ofMinutes(5));
  }

  private Tailer start(int maxLineBytes, Duration idleTimeout) throws IOException {
    FileSinkFactory sinks = (path, identity, handedOn) -> {
      identities.add(identity);
      return new FileSink() {
        @Override
        public boolean line(byte[] buf, int off, int len, long offset, boolean truncated) {
          lines.add(new String(buf, off, len, StandardCharsets.UTF_8) + (truncated ? " [cut]" : ""));
          return true;
        }

        @Override
        public long settledOffset(long readPosition) {
          return readPosition;
        }
      };
    };
    tailer = new Tailer(new PathGlobs(List.of(dir.resolve("pods").toAbsolutePath() + "/*/*/*.log")),
        Checkpoints.load(dir.resolve("state")), sinks, new TailEvents(registry),
        new TailSettings(maxLineBytes, idleTimeout), new Handoff() {
          @Override
          public void passEnded() {}

          @Override
          public long mark() {
            return -1;
          }
        });
    tailer.start();
    return tailer;
  }

  @AfterEach
  void stop() throws IOException {
    if (tailer != null) {
      tailer.close();
    }
  }

  private Path logFile() throws IOException {
    Path file = dir.resolve("pods/ns_pod_uid/app/0.log");
    Files.createDirectories(file.getParent());
    return file;
  }

  private static void append(Path file, String... text) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
      for (String t : text) {
        ch.write(java.nio.ByteBuffer.wrap(t.getBytes(StandardCharsets.UTF_8)));
      }
    }
  }

  private void awaitLines(int n) {
    Await.until(n + " lines", WAIT, () -> lines.size() >= n);
  }

  @Test
  void readsCompleteLinesOnlyAndFollowsGrowth() throws IOException {
    Path file = logFile();
    append(file, "one\ntwo\nthr");
    start(1024);
    awaitLines(2);
    append(file, "ee\nfour\n");
    awaitLines(4);
    assertEquals(List.of("one", "two", "three", "four"), lines);
  }

  @Test
  void drainsARenamedFileAndPicksUpItsSuccessor() throws IOException {
    Path file = logFile();
    append(file, "a1\na2\n");
    start(1024);
    awaitLines(2);
    Path rotated = file.resolveSibling("0.log.20261123-120000");
    Files.move(file, rotated);
    append(rotated, "a3 written after the rename\n");
    append(file, "b1\n");
    awaitLines(4);
    assertEquals(Set.of("a1", "a2", "a3 written after the rename", "b1"), Set.copyOf(lines));
    assertEquals(2, identities.stream().map(FileIdentity::key).distinct().count(), "two files, two identities");
  }

  @Test
  void copytruncateStartsOverWithANewIdentity() throws IOException {
    Path file = logFile();
    append(file, "old line one\nold line two\n");
    start(1024);
    awaitLines(2);
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
      ch.truncate(0);
    }
    append(file, "new\n");
    awaitLines(3);
    assertEquals("new", lines.get(2));
    assertEquals(2, identities.size());
    assertEquals(identities.get(0).key(), identities.get(1).key(), "same inode");
    assertNotEquals(identities.get(0), identities.get(1), "offsets restarted, identity changed");
  }

  @Test
  void aCopytruncateThatRegrewPastTheOldPositionBeforeTheNextReadIsCaught() throws IOException {
    Path file = logFile();
    append(file, "old line one\nold line two\n");
    start(1024);
    awaitLines(2);
    // Truncated and written again in one step as far as the tailer can tell: it never sees the file
    // shrink, and the byte before its position is a newline again.
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
      ch.write(java.nio.ByteBuffer.wrap("new line aaa\nnew line bbb\nnew line ccc\n".getBytes(StandardCharsets.UTF_8)), 0);
    }
    awaitLines(5);
    assertEquals(List.of("old line one", "old line two", "new line aaa", "new line bbb", "new line ccc"), lines);
    assertEquals(2, identities.size(), "offsets started over");
  }

  @Test
  void aRestartAfterACopytruncateResumesWithoutRereading() throws IOException {
    Path file = logFile();
    append(file, "before truncation\n");
    start(1024);
    awaitLines(1);
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
      ch.truncate(0);
    }
    // shorter than what was read before, so the shrink is seen whenever the tailer next looks
    append(file, "after truncation\n");
    awaitLines(2);
    tailer.close();
    tailer = null;
    append(file, "after restart\n");
    start(1024);
    awaitLines(3);
    assertEquals(List.of("before truncation", "after truncation", "after restart"), lines);
    assertEquals(identities.get(1), identities.get(2), "the checkpoint kept the post-truncation identity");
    assertNotEquals(identities.get(0), identities.get(1));
  }

  /** Reads one line of {@code file}, stops, and copies the file beside it, as a copytruncate's first step does. */
  private Path readOnceAndCopyWhileStopped(Path file) throws IOException {
    append(file, "read once\n");
    start(1024);
    awaitLines(1);
    tailer.close();
    tailer = null;
    Path copy = file.resolveSibling("0.log.copy1");
    Files.copy(file, copy);
    return copy;
  }

  /**
   * A copy of what was read lies unread beside its file. When a scan finds the file gone (renamed
   * by a rotation, its successor not yet written), the copy no longer looks rotated; it is not
   * taken for a file renamed after it grew, and read from its start, when it changes.
   */
  @Test
  void aCopyLeftUnreadStaysUnreadWhileItsFileIsAway() throws IOException {
    Path file = logFile();
    Path copy = readOnceAndCopyWhileStopped(file);
    append(file, "second\n");
    start(1024);
    awaitLines(2); // the scan that found the new line looked at the copy too
    Files.delete(file);
    append(copy, "still being copied\n");
    append(file.resolveSibling("1.log"), "after\n");
    awaitLines(3);
    tailer.close(); // ends the loop pass that read the new file, and would have read the copy
    tailer = null;
    assertEquals(List.of("read once", "second", "after"), lines, "the copy is not read");
  }

  /**
   * A copytruncate while the collector was down leaves a copy of what was read; when the copy's
   * inode is one an earlier, long gone file had, the checkpoint still holds that file's entry
   * under it. The copy is still known by its first line and not read again.
   */
  @Test
  void aCopyInAReusedInodeIsNotTakenForTheCheckpointedFileThatHadIt() throws IOException {
    Path file = logFile();
    Path copy = readOnceAndCopyWhileStopped(file);
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
      ch.truncate(0);
    }
    append(file, "after the copytruncate\n");
    Checkpoints saved = Checkpoints.load(dir.resolve("state"));
    FileKey copyKey = new FileKey(((Number) Files.getAttribute(copy, "unix:dev")).longValue(),
        ((Number) Files.getAttribute(copy, "unix:ino")).longValue());
    saved.put(new FileIdentity(copyKey, 0x5eedL, 0), 5, dir.resolve("pods/ns_pod_uid/app/gone.log"), new long[0]);
    saved.save(-1);
    start(1024);
    awaitLines(2);
    tailer.close(); // ends the loop pass that read the live file, and would have read the copy
    tailer = null;
    assertEquals(List.of("read once", "after the copytruncate"), lines, "the copy is not read again");
  }

  @Test
  void cutsLongLinesAndSkipsTheirRest() throws IOException {
    Path file = logFile();
    append(file, "x".repeat(3000) + "\n", "short\n", "y".repeat(1500) + "\n");
    start(1024);
    awaitLines(3);
    assertEquals("x".repeat(1024) + " [cut]", lines.get(0));
    assertEquals("short", lines.get(1));
    assertEquals("y".repeat(1024) + " [cut]", lines.get(2));
  }

  @Test
  void resumesFromTheCheckpointAfterARestart() throws IOException {
    Path file = logFile();
    append(file, "1\n2\n3\n");
    start(1024);
    awaitLines(3);
    tailer.close();
    tailer = null;
    append(file, "4\n5\n");
    start(1024);
    awaitLines(5);
    assertEquals(List.of("1", "2", "3", "4", "5"), lines, "no line twice, none lost");
  }

  @Test
  void readsManyFilesCompletely() throws IOException {
    List<Path> files = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      Path f = dir.resolve("pods/ns_pod" + i + "_uid" + i + "/c/0.log");
      Files.createDirectories(f.getParent());
      files.add(f);
    }
    start(1024);
    for (int round = 0; round < 50; round++) {
      for (int i = 0; i < files.size(); i++) {
        append(files.get(i), "f" + i + " n" + round + "\n");
      }
    }
    awaitLines(1000);
    for (int i = 0; i < files.size(); i++) {
      String prefix = "f" + i + " ";
      List<String> mine = lines.stream().filter(l -> l.startsWith(prefix)).collect(Collectors.toList());
      List<String> expected = new ArrayList<>();
      for (int round = 0; round < 50; round++) {
        expected.add(prefix + "n" + round);
      }
      assertEquals(expected, mine, "file " + i + " in order, exactly once");
    }
  }

  @Test
  void closesAnIdleFileAndReopensItWhenItGrows() throws IOException {
    Path file = logFile();
    append(file, "one\n", "two\n");
    start(1024, Duration.ofMillis(200));
    awaitLines(2);
    Await.until("the idle file closed", WAIT, () -> registry.counter("trawl.collector.idle.closed").count() == 1
        && registry.get("trawl.collector.open.files").gauge().value() == 0);
    append(file, "three\n");
    awaitLines(3);
    assertEquals(List.of("one", "two", "three"), List.copyOf(lines), "reopened where it stopped, nothing read twice");
    assertEquals(2, identities.size(), "one sink per open");
    assertEquals(identities.get(0), identities.get(1), "the same identity: the same run of offsets");
  }

  @Test
  void reportsPerFileLag() throws IOException {
    append(logFile(), "one\n");
    start(1024);
    awaitLines(1);
    Await.until("a lag sample", WAIT, () -> registry.find("trawl.collector.file.lag").summary() != null
        && registry.find("trawl.collector.file.lag").summary().count() > 0);
    assertEquals(0.0, registry.get("trawl.collector.file.lag").summary().max(), "everything written was read");
  }
}
