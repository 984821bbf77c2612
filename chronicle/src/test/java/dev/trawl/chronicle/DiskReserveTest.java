package dev.trawl.chronicle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.trawl.testing.Await;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiskReserveTest {
  private static final long MIB = 1 << 20;

  @TempDir Path dir;

  @Test
  void turnsLowUnderTheReserveAndBackWhenSpaceReturns() {
    AtomicLong free = new AtomicLong(100 * MIB);
    DiskReserve reserve = new DiskReserve("test queue", 10 * MIB, free::get);
    assertFalse(reserve.low());
    free.set(9 * MIB);
    Await.until("low once under the reserve", Duration.ofSeconds(5), reserve::low);
    free.set(11 * MIB);
    Await.until("not low once space is back", Duration.ofSeconds(5), () -> !reserve.low());
  }

  @Test
  void anUnreadableFileSystemDoesNotStopWriters() {
    DiskReserve reserve = new DiskReserve("test queue", 10 * MIB, () -> {
      throw new IOException("gone");
    });
    assertFalse(reserve.low());
    assertTrue(Double.isNaN(reserve.usableBytes()), "a gauge shows it as unknown");
  }

  @Test
  void aZeroReserveIsNeverLow() {
    DiskReserve reserve = new DiskReserve("test queue", 0, () -> 0);
    assertFalse(reserve.low());
    assertEquals(0.0, reserve.usableBytes());
  }

  /** A real file system filled by a ballast file: a small tmpfs, where this machine lets us mount one. */
  @Test
  void readsARealFileSystemFillingUpAndEmptying() throws Exception {
    Path mount = dir.resolve("tmpfs");
    Files.createDirectories(mount);
    assumeTrue(run("mount", "-t", "tmpfs", "-o", "size=64m", "tmpfs", mount.toString()),
        "mounting a tmpfs needs root and a mount namespace that allows it");
    try {
      DiskReserve reserve = DiskReserve.of("test queue", mount, 24 * MIB);
      assertFalse(reserve.low(), "an empty 64 MiB file system");
      Path ballast = mount.resolve("ballast");
      try (FileChannel out = FileChannel.open(ballast, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        ByteBuffer chunk = ByteBuffer.allocate((int) MIB);
        for (int i = 0; i < 48; i++) {
          out.write(chunk.clear());
        }
      }
      Await.until("low with 16 MiB free", Duration.ofSeconds(5), reserve::low);
      Files.delete(ballast);
      Await.until("not low once the ballast is gone", Duration.ofSeconds(5), () -> !reserve.low());
      assertTrue(reserve.usableBytes() > 60 * MIB);
    } finally {
      run("umount", mount.toString());
    }
  }

  private static boolean run(String... command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    process.getInputStream().readAllBytes();
    return process.waitFor() == 0;
  }
}
