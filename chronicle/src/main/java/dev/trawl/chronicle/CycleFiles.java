package dev.trawl.chronicle;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueStore;

/** Deletes a queue's cycle files that lie wholly before an index that is done with. */
public final class CycleFiles {
  private CycleFiles() {}

  /**
   * Deletes every cycle file before the one holding {@code index}, including cycles written before
   * this process started; the cycle holding {@code index} is kept. Call from the thread that reads
   * the queue, once nothing before {@code index} will be read again.
   *
   * @return how many files were deleted
   */
  public static int deleteBefore(SingleChronicleQueue queue, long index) throws IOException {
    int keepFrom = queue.rollCycle().toCycle(index);
    int first = queue.firstCycle();
    if (first >= keepFrom) {
      return 0;
    }
    int deleted = 0;
    for (long cycle : queue.listCyclesBetween(first, keepFrom - 1)) {
      SingleChronicleQueueStore store = queue.storeForCycle((int) cycle, queue.epoch(), false, null);
      if (store != null) {
        File file = store.file();
        queue.closeStore(store);
        if (Files.deleteIfExists(file.toPath())) {
          deleted++;
        }
      }
    }
    queue.refreshDirectoryListing();
    return deleted;
  }
}
