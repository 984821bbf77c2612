package dev.trawl.collector.tail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectoryWatchTest {
  @TempDir Path dir;

  @Test
  void wakesOnANewFileAndOnARenameButNotOnWrites() throws Exception {
    Path container = Files.createDirectories(dir.resolve("pods/ns_pod_uid/app"));
    Path log = Files.writeString(container.resolve("0.log"), "first\n");
    PathGlobs globs = new PathGlobs(List.of(dir.resolve("pods") + "/*/*/*.log"));
    PathGlobs.Listing listing = globs.scan();
    assertEquals(List.of(log), listing.files());
    assertEquals(Set.of(dir.resolve("pods"), dir.resolve("pods/ns_pod_uid"), container), listing.directories());
    try (DirectoryWatch watch = new DirectoryWatch()) {
      watch.watch(listing.directories());
      assertEquals(3, watch.watched());
      Files.writeString(log, "more\n", java.nio.file.StandardOpenOption.APPEND);
      assertFalse(watch.await(TimeUnit.MILLISECONDS.toNanos(200)), "a write is not a directory change");
      Files.createDirectories(dir.resolve("pods/ns_other_uid2/app"));
      assertTrue(watch.await(TimeUnit.SECONDS.toNanos(10)), "a new pod directory");
      Files.move(log, container.resolve("0.log.20261123-120000"));
      assertTrue(watch.await(TimeUnit.SECONDS.toNanos(10)), "a rename in a container directory");
      watch.watch(Set.of(container));
      assertEquals(1, watch.watched(), "directories no longer listed are let go");
    }
  }
}
