package dev.trawl.chronicle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Random;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HeapCopyTest {
  @TempDir Path dir;

  @Test
  void documentsOfEverySizeReadBackByteForByteAcrossMappedChunks() {
    Random random = new Random(11);
    int documents = 20_000;
    long seed = random.nextLong();
    // Small blocks, so the documents cross many chunk ends (where the copy falls back to Chronicle's).
    try (SingleChronicleQueue queue = SingleChronicleQueueBuilder.binary(dir).blockSize(256 << 10).build();
        ExcerptAppender appender = queue.createAppender()) {
      Random sizes = new Random(seed);
      for (int d = 0; d < documents; d++) {
        byte[] doc = document(sizes);
        int off = sizes.nextInt(8);
        byte[] padded = new byte[doc.length + off + 3];
        System.arraycopy(doc, 0, padded, off, doc.length);
        try (DocumentContext dc = appender.writingDocument()) {
          Bytes<?> bytes = dc.wire().bytes();
          bytes.writeInt(doc.length);
          HeapCopy.write(bytes, padded, off, doc.length);
        }
      }
    }
    try (SingleChronicleQueue queue = SingleChronicleQueueBuilder.binary(dir).blockSize(256 << 10).build();
        ExcerptTailer tailer = queue.createTailer()) {
      Random sizes = new Random(seed);
      int read = 0;
      while (true) {
        try (DocumentContext dc = tailer.readingDocument()) {
          if (!dc.isPresent()) {
            break;
          }
          byte[] expected = document(sizes);
          sizes.nextInt(8);
          Bytes<?> bytes = dc.wire().bytes();
          byte[] actual = new byte[bytes.readInt()];
          bytes.read(actual);
          assertArrayEquals(expected, actual, "document " + read);
          read++;
        }
      }
      assertEquals(documents, read);
    }
  }

  private static byte[] document(Random random) {
    byte[] doc = new byte[random.nextInt(4000)];
    random.nextBytes(doc);
    return doc;
  }
}
