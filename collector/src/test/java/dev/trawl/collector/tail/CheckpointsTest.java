package dev.trawl.collector.tail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointsTest {
  @TempDir Path dir;

  /**
   * A restart takes a rotated file without a checkpoint for history when it last changed before
   * the saved time. The tailer saves the start of its last scan, not the moment of saving: a file
   * written and rotated between that scan and the save was never listed, and a collector killed
   * before its next scan must still read it after the restart (the crash run lost one that way).
   */
  @Test
  void theSavedTimeIsTheOneTheTailerGivesAndComesBackAfterALoad() throws Exception {
    Checkpoints checkpoints = Checkpoints.load(dir);
    long lastScan = System.currentTimeMillis() - 60_000;
    checkpoints.save(7, lastScan);
    Checkpoints reloaded = Checkpoints.load(dir);
    assertEquals(lastScan, reloaded.savedMillis());
    assertEquals(7, reloaded.mark().getAsLong());
    long before = System.currentTimeMillis();
    reloaded.save(8);
    assertTrue(Checkpoints.load(dir).savedMillis() >= before, "without a scan's time, the time of saving");
  }
}
