package dev.trawl.indexer.store;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdCompressCtx;
import com.github.luben.zstd.ZstdDecompressCtx;
import java.io.IOException;
import java.util.Arrays;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.lucene.codecs.compressing.CompressionMode;
import org.apache.lucene.codecs.compressing.Compressor;
import org.apache.lucene.codecs.compressing.Decompressor;
import org.apache.lucene.index.CorruptIndexException;
import org.apache.lucene.store.ByteArrayDataOutput;
import org.apache.lucene.store.ByteBuffersDataInput;
import org.apache.lucene.store.DataInput;
import org.apache.lucene.store.DataOutput;
import org.apache.lucene.store.IndexInput;
import org.apache.lucene.util.ArrayUtil;
import org.apache.lucene.util.BytesRef;

/**
 * Stored-fields compression with zstd, laid out for the two ways a log search reads sources: a
 * scattered page of hits, and a run of neighbours. A block is cut into frames: the first is
 * compressed alone and is the dictionary of the others, so a document costs one small frame (and
 * the block's first frame once); a decompressor keeps what it last decompressed, so neighbours in
 * one frame cost nothing more. Frames end between two fields, and each holds its fields grouped
 * field by field ({@link StoredFieldColumns}), so a document's source is compressed beside the
 * other sources rather than beside its id.
 *
 * <p>Block layout: two zeros (which no block of the first layout starts with), whether the frames
 * are grouped, the number of frames, each frame's length (and, grouped, its grouped length), then
 * each frame as its compressed length and bytes. The first layout, still read: the first frame's
 * length and the others' (equal) length, then the frames, none grouped.
 */
final class ZstdCompressionMode extends CompressionMode {
  private final int level;
  private final int frames;

  /** {@code frames} frames after the first, of about its size. */
  ZstdCompressionMode(int level, int frames) {
    this.level = level;
    this.frames = frames;
  }

  @Override
  public Compressor newCompressor() {
    return new ZstdCompressor(level, frames);
  }

  @Override
  public Decompressor newDecompressor() {
    return new ZstdDecompressor();
  }

  @Override
  public String toString() {
    return "zstd(level=" + level + ", a dictionary frame and " + frames + " frames, fields grouped)";
  }

  /** Where a block's frames start in its original bytes, and what each decompresses to. */
  private static final class FrameTable {
    final boolean grouped;
    /** Original start of each frame, and the block's length last. */
    final int[] starts;
    /** Bytes each frame decompresses to: its grouped length, or its original length. */
    final int[] stored;

    private FrameTable(boolean grouped, int[] starts, int[] stored) {
      this.grouped = grouped;
      this.starts = starts;
      this.stored = stored;
    }

    int count() {
      return stored.length;
    }

    /** The frame holding original byte {@code position}: the last to start at or before it (frames may be empty). */
    int frameOf(int position) {
      int low = 0;
      int high = count() - 1;
      while (low < high) {
        int middle = (low + high + 1) >>> 1;
        if (starts[middle] <= position) {
          low = middle;
        } else {
          high = middle - 1;
        }
      }
      return low;
    }

    void write(DataOutput out) throws IOException {
      out.writeVInt(0);
      out.writeVInt(0);
      out.writeByte((byte) (grouped ? 1 : 0));
      out.writeVInt(count());
      for (int i = 0; i < count(); i++) {
        out.writeVInt(starts[i + 1] - starts[i]);
        if (grouped) {
          out.writeVInt(stored[i]);
        }
      }
    }

    static FrameTable read(DataInput in, int originalLength) throws IOException {
      int first = in.readVInt();
      int second = in.readVInt();
      if (first != 0 || second != 0) {
        return firstLayout(originalLength, first, second);
      }
      boolean grouped = in.readByte() == 1;
      int count = in.readVInt();
      int[] starts = new int[count + 1];
      int[] stored = new int[count];
      for (int i = 0; i < count; i++) {
        starts[i + 1] = starts[i] + in.readVInt();
        stored[i] = grouped ? in.readVInt() : starts[i + 1] - starts[i];
      }
      if (starts[count] != originalLength) {
        throw new CorruptIndexException("frames of " + starts[count] + " bytes in a block of " + originalLength, in);
      }
      return new FrameTable(grouped, starts, stored);
    }

    /** A block written before frames were grouped: a first frame, then frames of one length. */
    private static FrameTable firstLayout(int originalLength, int firstLength, int frameLength) {
      int count = 1 + (originalLength - firstLength + frameLength - 1) / frameLength;
      int[] starts = new int[count + 1];
      int[] stored = new int[count];
      starts[1] = firstLength;
      for (int i = 1; i < count; i++) {
        starts[i + 1] = Math.min(originalLength, starts[i] + frameLength);
      }
      for (int i = 0; i < count; i++) {
        stored[i] = starts[i + 1] - starts[i];
      }
      return new FrameTable(false, starts, stored);
    }
  }

  private static final class ZstdCompressor extends Compressor {
    private final int frames;
    private final ZstdCompressCtx plain;
    private final ZstdCompressCtx withDictionary;
    private byte[] input = BytesRef.EMPTY_BYTES;
    private byte[] grouped = BytesRef.EMPTY_BYTES;
    private byte[] output = BytesRef.EMPTY_BYTES;

    ZstdCompressor(int level, int frames) {
      this.frames = frames;
      plain = new ZstdCompressCtx().setLevel(level);
      withDictionary = new ZstdCompressCtx().setLevel(level);
    }

    @Override
    public void compress(ByteBuffersDataInput in, DataOutput out) throws IOException {
      int length = Math.toIntExact(in.length());
      input = ArrayUtil.growNoCopy(input, length);
      in.readBytes(input, 0, length);
      int[] fieldEnds = StoredFieldColumns.fieldEnds(input, length);
      int[] starts = frameStarts(length, fieldEnds);
      FrameTable table = fieldEnds == null ? null : groupFrames(starts);
      if (table == null) {
        int[] stored = new int[starts.length - 1];
        for (int i = 0; i < stored.length; i++) {
          stored[i] = starts[i + 1] - starts[i];
        }
        table = new FrameTable(false, starts, stored);
      }
      table.write(out);
      byte[] frameBytes = table.grouped ? grouped : input;
      int position = 0;
      for (int i = 0; i < table.count(); i++) {
        if (i == 1 && table.stored[0] > 0) {
          withDictionary.loadDict(Arrays.copyOf(frameBytes, table.stored[0]));
        }
        writeFrame(i == 0 || table.stored[0] == 0 ? plain : withDictionary, frameBytes, position, table.stored[i], out);
        position += table.stored[i];
      }
    }

    /**
     * Where frames start: a first of a share of the block, then {@code frames} of about the same
     * share; each ends at the end of a field when the fields are known.
     */
    private int[] frameStarts(int length, int[] fieldEnds) {
      int firstLength = length / (frames + 1);
      int frameLength = Math.max(1, (length - firstLength + frames - 1) / frames);
      int[] starts = new int[frames + 2];
      int count = 1;
      int field = 0;
      int end = 0;
      do {
        int wanted = Math.min(length, end + (count == 1 ? firstLength : frameLength));
        if (fieldEnds == null) {
          end = wanted;
        } else {
          while (field < fieldEnds.length && fieldEnds[field] < wanted) {
            field++;
          }
          end = field < fieldEnds.length ? fieldEnds[field] : length;
        }
        starts = ArrayUtil.grow(starts, count + 1);
        starts[count++] = end;
      } while (end < length);
      return Arrays.copyOf(starts, count);
    }

    /** The frames grouped field by field into {@link #grouped}, or null when their fields cannot be. */
    private FrameTable groupFrames(int[] starts) throws IOException {
      int count = starts.length - 1;
      grouped = ArrayUtil.growNoCopy(grouped, starts[count] + count * StoredFieldColumns.MAX_GROUPING_OVERHEAD);
      ByteArrayDataOutput out = new ByteArrayDataOutput(grouped);
      int[] stored = new int[count];
      for (int i = 0; i < count; i++) {
        int before = out.getPosition();
        if (!StoredFieldColumns.group(input, starts[i], starts[i + 1], out)) {
          return null;
        }
        stored[i] = out.getPosition() - before;
      }
      return new FrameTable(true, starts, stored);
    }

    private void writeFrame(ZstdCompressCtx context, byte[] bytes, int offset, int length, DataOutput out) throws IOException {
      output = ArrayUtil.growNoCopy(output, Math.toIntExact(Zstd.compressBound(length)));
      int compressed = context.compressByteArray(output, 0, output.length, bytes, offset, length);
      out.writeVInt(compressed);
      out.writeBytes(output, 0, compressed);
    }

    @Override
    public void close() {
      plain.close();
      withDictionary.close();
    }
  }

  /**
   * Answers from what it decompressed last when it covers the range asked, so reading a page of
   * neighbouring documents decompresses each of their frames once. The bytes it returns are its
   * own and valid until its next call (Lucene's readers copy a document out before the next).
   */
  private static final class ZstdDecompressor extends Decompressor {
    private byte[] compressed = BytesRef.EMPTY_BYTES;
    private byte[] groupedFrame = BytesRef.EMPTY_BYTES;
    /** The block's first frame as zstd's dictionary for the others: as stored (grouped or not). */
    private byte[] dictionary = BytesRef.EMPTY_BYTES;
    /** The block's first frame as original bytes. */
    private byte[] firstFrame = BytesRef.EMPTY_BYTES;
    /** The first frame, then frames {@code first} (inclusive) to {@code last} (exclusive), as original bytes. */
    private byte[] window = BytesRef.EMPTY_BYTES;
    private DataInput blockInput;
    private long blockStart = -1;
    private int first;
    private int last;

    @Override
    public void decompress(DataInput in, int originalLength, int offset, int length, BytesRef bytes) throws IOException {
      if (length == 0) {
        bytes.offset = 0;
        bytes.length = 0;
        return;
      }
      long start = in instanceof IndexInput file ? file.getFilePointer() : -1;
      boolean sameBlock = start >= 0 && in == blockInput && start == blockStart;
      FrameTable table = FrameTable.read(in, originalLength);
      int end = offset + length;
      int firstEnd = table.starts[1];
      boolean inFirst = end <= firstEnd;
      int wantFirst = inFirst ? 1 : Math.max(1, table.frameOf(offset));
      int wantLast = inFirst ? 1 : table.frameOf(end - 1) + 1;
      if (!sameBlock || !inFirst && (wantFirst < first || wantLast > last)) {
        blockInput = null;
        blockStart = -1;
        read(in, table, sameBlock, wantFirst, wantLast);
        blockInput = start >= 0 ? in : null;
        blockStart = start;
      }
      bytes.bytes = window;
      bytes.offset = inFirst ? offset : offset - (table.starts[first] - firstEnd);
      bytes.length = length;
    }

    private void read(DataInput in, FrameTable table, boolean firstKnown, int wantFirst, int wantLast) throws IOException {
      ZstdDecompressCtx context = Contexts.borrow();
      try {
        int firstLength = table.starts[1];
        if (firstKnown) {
          in.skipBytes(in.readVInt());
        } else {
          dictionary = dictionary.length == table.stored[0] ? dictionary : new byte[table.stored[0]];
          readFrame(in, context, dictionary, 0, table.stored[0]);
          firstFrame = ArrayUtil.growNoCopy(firstFrame, firstLength);
          if (table.grouped) {
            StoredFieldColumns.ungroup(dictionary, table.stored[0], firstFrame, 0, firstLength);
          } else {
            System.arraycopy(dictionary, 0, firstFrame, 0, firstLength);
          }
        }
        window = ArrayUtil.growNoCopy(window, table.starts[wantLast] - table.starts[wantFirst] + firstLength);
        System.arraycopy(firstFrame, 0, window, 0, firstLength);
        for (int i = 1; i < wantFirst; i++) {
          in.skipBytes(in.readVInt());
        }
        if (wantLast > wantFirst && table.stored[0] > 0) {
          context.loadDict(dictionary);
        }
        int position = firstLength;
        for (int i = wantFirst; i < wantLast; i++) {
          int size = table.starts[i + 1] - table.starts[i];
          if (table.grouped) {
            groupedFrame = ArrayUtil.growNoCopy(groupedFrame, table.stored[i]);
            readFrame(in, context, groupedFrame, 0, table.stored[i]);
            StoredFieldColumns.ungroup(groupedFrame, table.stored[i], window, position, size);
          } else {
            readFrame(in, context, window, position, size);
          }
          position += size;
        }
        first = wantFirst;
        last = wantLast;
      } finally {
        Contexts.release(context);
      }
    }

    private void readFrame(DataInput in, ZstdDecompressCtx context, byte[] out, int offset, int size) throws IOException {
      int length = in.readVInt();
      compressed = ArrayUtil.growNoCopy(compressed, length);
      in.readBytes(compressed, 0, length);
      int result = context.decompressByteArray(out, offset, size, compressed, 0, length);
      if (result != size) {
        throw new CorruptIndexException("zstd frame of " + length + " bytes gave " + result + " bytes, expected " + size, in);
      }
    }

    @Override
    public Decompressor clone() {
      return new ZstdDecompressor();
    }
  }

  /**
   * Decompression contexts shared by every decompressor. Lucene clones decompressors freely and
   * never closes them, a context is native memory that only closing frees, and making one per call
   * costs more than a small frame's decompression; a few idle ones serve all threads.
   */
  private static final class Contexts {
    private static final int MAX_IDLE = 2 * Runtime.getRuntime().availableProcessors() + 2;
    private static final ConcurrentLinkedQueue<ZstdDecompressCtx> IDLE = new ConcurrentLinkedQueue<>();
    private static final AtomicInteger IDLE_COUNT = new AtomicInteger();

    /** A context without a dictionary. */
    static ZstdDecompressCtx borrow() {
      ZstdDecompressCtx context = IDLE.poll();
      if (context == null) {
        return new ZstdDecompressCtx();
      }
      IDLE_COUNT.decrementAndGet();
      context.reset();
      return context;
    }

    static void release(ZstdDecompressCtx context) {
      if (IDLE_COUNT.incrementAndGet() <= MAX_IDLE) {
        IDLE.offer(context);
      } else {
        IDLE_COUNT.decrementAndGet();
        context.close();
      }
    }
  }
}
