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
import org.apache.lucene.store.ByteBuffersDataInput;
import org.apache.lucene.store.DataInput;
import org.apache.lucene.store.DataOutput;
import org.apache.lucene.store.IndexInput;
import org.apache.lucene.util.ArrayUtil;
import org.apache.lucene.util.BytesRef;

/**
 * Stored-fields compression with zstd, laid out for the two ways a log search reads sources: a
 * scattered page of hits, and a run of neighbours. A block's first part is compressed alone and is
 * the dictionary of the equal sub-blocks holding the rest, so a document costs one small sub-block
 * (and the block's dictionary once); a decompressor keeps what it last decompressed, so neighbours
 * in one sub-block cost nothing more. Block layout: dictionary length, sub-block length, then each
 * frame as its compressed length and bytes.
 */
final class ZstdCompressionMode extends CompressionMode {
  private final int level;
  private final int subBlocks;

  /** {@code subBlocks} sub-blocks after a dictionary of the same size. */
  ZstdCompressionMode(int level, int subBlocks) {
    this.level = level;
    this.subBlocks = subBlocks;
  }

  @Override
  public Compressor newCompressor() {
    return new ZstdCompressor(level, subBlocks);
  }

  @Override
  public Decompressor newDecompressor() {
    return new ZstdDecompressor();
  }

  @Override
  public String toString() {
    return "zstd(level=" + level + ", dictionary and " + subBlocks + " sub-blocks)";
  }

  private static final class ZstdCompressor extends Compressor {
    private final int subBlocks;
    private final ZstdCompressCtx plain;
    private final ZstdCompressCtx withDictionary;
    private byte[] input = BytesRef.EMPTY_BYTES;
    private byte[] output = BytesRef.EMPTY_BYTES;

    ZstdCompressor(int level, int subBlocks) {
      this.subBlocks = subBlocks;
      plain = new ZstdCompressCtx().setLevel(level);
      withDictionary = new ZstdCompressCtx().setLevel(level);
    }

    @Override
    public void compress(ByteBuffersDataInput in, DataOutput out) throws IOException {
      int length = Math.toIntExact(in.length());
      input = ArrayUtil.growNoCopy(input, length);
      in.readBytes(input, 0, length);
      int dictionaryLength = length / (subBlocks + 1);
      int subBlockLength = (length - dictionaryLength + subBlocks - 1) / subBlocks;
      out.writeVInt(dictionaryLength);
      out.writeVInt(subBlockLength);
      writeFrame(plain, 0, dictionaryLength, out);
      ZstdCompressCtx context = plain;
      if (dictionaryLength > 0) {
        withDictionary.loadDict(Arrays.copyOf(input, dictionaryLength));
        context = withDictionary;
      }
      for (int start = dictionaryLength; start < length; start += subBlockLength) {
        writeFrame(context, start, Math.min(subBlockLength, length - start), out);
      }
    }

    private void writeFrame(ZstdCompressCtx context, int offset, int length, DataOutput out) throws IOException {
      output = ArrayUtil.growNoCopy(output, Math.toIntExact(Zstd.compressBound(length)));
      int compressed = context.compressByteArray(output, 0, output.length, input, offset, length);
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
   * neighbouring documents decompresses each of their sub-blocks once. The bytes it returns are its
   * own and valid until its next call (Lucene's readers copy a document out before the next).
   */
  private static final class ZstdDecompressor extends Decompressor {
    private byte[] compressed = BytesRef.EMPTY_BYTES;
    private byte[] dictionary = BytesRef.EMPTY_BYTES;
    /** The dictionary, then sub-blocks {@code first} (inclusive) to {@code last} (exclusive). */
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
      int dictionaryLength = in.readVInt();
      int subBlockLength = in.readVInt();
      int end = offset + length;
      boolean inDictionary = end <= dictionaryLength;
      int wantFirst = inDictionary ? 0 : Math.max(0, offset - dictionaryLength) / subBlockLength;
      int wantLast = inDictionary ? 0 : (end - dictionaryLength + subBlockLength - 1) / subBlockLength;
      if (!sameBlock || !inDictionary && (wantFirst < first || wantLast > last)) {
        blockInput = null;
        blockStart = -1;
        read(in, sameBlock, originalLength, dictionaryLength, subBlockLength, wantFirst, wantLast);
        blockInput = start >= 0 ? in : null;
        blockStart = start;
      }
      bytes.bytes = window;
      bytes.offset = inDictionary ? offset : offset - first * subBlockLength;
      bytes.length = length;
    }

    private void read(DataInput in, boolean dictionaryKnown, int originalLength, int dictionaryLength, int subBlockLength,
        int wantFirst, int wantLast) throws IOException {
      ZstdDecompressCtx context = Contexts.borrow();
      try {
        if (dictionaryKnown) {
          in.skipBytes(in.readVInt());
        } else {
          dictionary = dictionaryLength == dictionary.length ? dictionary : new byte[dictionaryLength];
          readFrame(in, context, dictionary, 0, dictionaryLength);
        }
        window = ArrayUtil.growNoCopy(window, dictionaryLength + (wantLast - wantFirst) * subBlockLength);
        System.arraycopy(dictionary, 0, window, 0, dictionaryLength);
        for (int i = 0; i < wantFirst; i++) {
          in.skipBytes(in.readVInt());
        }
        if (wantLast > wantFirst && dictionaryLength > 0) {
          context.loadDict(dictionary);
        }
        int position = dictionaryLength;
        for (int i = wantFirst; i < wantLast; i++) {
          int size = Math.min(subBlockLength, originalLength - dictionaryLength - i * subBlockLength);
          readFrame(in, context, window, position, size);
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
   * costs more than a small sub-block's decompression; a few idle ones serve all threads.
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
