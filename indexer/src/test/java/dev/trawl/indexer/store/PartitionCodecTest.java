package dev.trawl.indexer.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.luben.zstd.Zstd;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.IntFunction;
import org.apache.lucene.codecs.Codec;
import org.apache.lucene.codecs.compressing.CompressionMode;
import org.apache.lucene.codecs.compressing.Compressor;
import org.apache.lucene.codecs.compressing.Decompressor;
import org.apache.lucene.codecs.lucene90.DeflateWithPresetDictCompressionMode;
import org.apache.lucene.codecs.lucene912.Lucene912Codec;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.CodecReader;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.SegmentReader;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.store.ByteArrayDataInput;
import org.apache.lucene.store.ByteBuffersDataInput;
import org.apache.lucene.store.ByteBuffersDataOutput;
import org.apache.lucene.store.ByteBuffersIndexInput;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.store.IndexInput;
import org.apache.lucene.util.BytesRef;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PartitionCodecTest {
  @TempDir
  Path dir;

  @Test
  void everyRangeOfABlockDecompressesToTheOriginalBytes() throws IOException {
    Random random = new Random(7);
    ZstdCompressionMode mode = new ZstdCompressionMode(6, 40);
    for (int length : new int[] {0, 1, 59, 60, 61, 599, 4_096, 100_003, 480 * 1024}) {
      byte[] original = logLikeBytes(random, length);
      byte[] block = compress(mode, original);
      Decompressor decompressor = mode.newDecompressor();
      for (int trial = 0; trial < 200; trial++) {
        int offset = length == 0 ? 0 : random.nextInt(length + 1);
        int size = random.nextInt(Math.min(length - offset, 70_000) + 1);
        if (trial == 0) {
          offset = 0;
          size = length;
        }
        BytesRef out = new BytesRef();
        decompressor.clone().decompress(new ByteArrayDataInput(block), length, offset, size, out);
        assertArrayEquals(Arrays.copyOfRange(original, offset, offset + size),
            Arrays.copyOfRange(out.bytes, out.offset, out.offset + out.length), "length " + length + " range " + offset + "+" + size);
      }
    }
  }

  @Test
  void aDecompressorAnsweringFromWhatItReadLastStillGivesEachRangeOfEachBlock() throws IOException {
    Random random = new Random(5);
    ZstdCompressionMode mode = new ZstdCompressionMode(6, 40);
    byte[][] originals = {logLikeBytes(random, 300_000), logLikeBytes(random, 480 * 1024), logLikeBytes(random, 2_000)};
    ByteBuffersDataOutput file = new ByteBuffersDataOutput();
    long[] starts = new long[originals.length];
    for (int b = 0; b < originals.length; b++) {
      starts[b] = file.size();
      file.writeBytes(compress(mode, originals[b]));
    }
    IndexInput in = new ByteBuffersIndexInput(file.toDataInput(), "blocks");
    Decompressor decompressor = mode.newDecompressor();
    int b = 0;
    int offset = 0;
    for (int trial = 0; trial < 3_000; trial++) {
      if (random.nextInt(20) == 0) {
        b = random.nextInt(originals.length);
        offset = random.nextInt(originals[b].length);
      }
      // mostly neighbours, as a page of hits reads them; sometimes a jump back or into another block
      offset = random.nextInt(10) == 0 ? random.nextInt(originals[b].length) : Math.min(offset + random.nextInt(900), originals[b].length - 1);
      int size = Math.min(random.nextInt(600), originals[b].length - offset);
      in.seek(starts[b]);
      BytesRef out = new BytesRef();
      decompressor.decompress(in, originals[b].length, offset, size, out);
      assertArrayEquals(Arrays.copyOfRange(originals[b], offset, offset + size),
          Arrays.copyOfRange(out.bytes, out.offset, out.offset + out.length), "block " + b + " range " + offset + "+" + size);
    }
  }

  @Test
  void logTextTakesFewerBytesThanLuceneBestCompression() throws IOException {
    Random random = new Random(11);
    byte[] original = logLikeBytes(random, 480 * 1024);
    int zstd = compress(new ZstdCompressionMode(6, 40), original).length;
    int deflate = compress(new DeflateWithPresetDictCompressionMode(), original).length;
    assertTrue(zstd < deflate, "zstd " + zstd + " bytes, DEFLATE " + deflate);
  }

  @Test
  void segmentsRecordTheCodecAndReopenWithTheirSources() throws IOException {
    try (Directory directory = FSDirectory.open(dir)) {
      write(directory, new PartitionCodec(), 0, 3_000);
      write(directory, new Lucene912Codec(Lucene912Codec.Mode.BEST_COMPRESSION), 3_000, 1_000);
      try (DirectoryReader reader = DirectoryReader.open(directory)) {
        assertEquals(4_000, reader.numDocs());
        Set<String> codecs = new TreeSet<>();
        int checked = 0;
        for (LeafReaderContext leaf : reader.leaves()) {
          codecs.add(((SegmentReader) leaf.reader()).getSegmentInfo().info.getCodec().getName());
          StoredFields plain = leaf.reader().storedFields();
          StoredFields sequential = ((CodecReader) leaf.reader()).getFieldsReader().getMergeInstance();
          for (int doc = 0; doc < leaf.reader().maxDoc(); doc++) {
            Document viaPlain = plain.document(doc);
            Document viaSequential = sequential.document(doc);
            String id = viaPlain.get(DocumentMapper.ID);
            assertEquals(id, viaSequential.get(DocumentMapper.ID));
            assertEquals(sourceOf(Integer.parseInt(id)), viaPlain.getBinaryValue(DocumentMapper.SOURCE).utf8ToString());
            assertEquals(sourceOf(Integer.parseInt(id)), viaSequential.getBinaryValue(DocumentMapper.SOURCE).utf8ToString());
            checked++;
          }
        }
        assertEquals(4_000, checked);
        assertEquals(Set.of(PartitionCodec.NAME, "Lucene912"), codecs);
        assertEquals(PartitionCodec.class, Codec.forName(PartitionCodec.NAME).getClass());
      }
    }
  }

  @Test
  void blocksOfStoredFieldsDecompressToTheOriginalBytesAtEveryRange() throws IOException {
    Random random = new Random(3);
    ZstdCompressionMode mode = new ZstdCompressionMode(1, 16);
    for (int docs : new int[] {1, 2, 17, 400, 900}) {
      byte[] original = serializedFields(random, docs, ID_KEY);
      byte[] block = compress(mode, original);
      Decompressor decompressor = mode.newDecompressor();
      for (int trial = 0; trial < 300; trial++) {
        int offset = random.nextInt(original.length);
        int size = random.nextInt(Math.min(original.length - offset, 3_000) + 1);
        BytesRef out = new BytesRef();
        decompressor.clone().decompress(new ByteArrayDataInput(block), original.length, offset, size, out);
        assertArrayEquals(Arrays.copyOfRange(original, offset, offset + size),
            Arrays.copyOfRange(out.bytes, out.offset, out.offset + out.length), docs + " documents, range " + offset + "+" + size);
      }
    }
  }

  @Test
  void fieldsGroupedByFieldCompressSmallerThanInterleaved() throws IOException {
    ZstdCompressionMode mode = new ZstdCompressionMode(1, 16);
    byte[] grouped = compress(mode, serializedFields(new Random(9), 900, ID_KEY));
    // the same bytes but for the id's type, a number: Lucene's numbers carry no length, so such a block is not grouped
    byte[] interleaved = compress(mode, serializedFields(new Random(9), 900, ID_KEY + 2));
    assertTrue(grouped.length < interleaved.length * 0.95, "grouped " + grouped.length + " bytes, interleaved " + interleaved.length);
  }

  @Test
  void bytesThatParseAsFieldsOnlyInALongerSpellingComeBackAsThey() throws IOException {
    // a field header 0 and a length 1, each spelled in two bytes: what a slice cut mid-value may hold
    byte[] original = {(byte) 0x80, 0x00, (byte) 0x81, 0x00, 'A'};
    ZstdCompressionMode mode = new ZstdCompressionMode(1, 16);
    BytesRef out = new BytesRef();
    mode.newDecompressor().decompress(new ByteArrayDataInput(compress(mode, original)), original.length, 0, original.length, out);
    assertArrayEquals(original, Arrays.copyOfRange(out.bytes, out.offset, out.offset + out.length));
  }

  @Test
  void blocksOfTheFirstLayoutStillDecompress() throws IOException {
    byte[] original = logLikeBytes(new Random(13), 100_003);
    int firstLength = original.length / 41;
    int frameLength = (original.length - firstLength + 39) / 40;
    ByteBuffersDataOutput block = new ByteBuffersDataOutput();
    block.writeVInt(firstLength);
    block.writeVInt(frameLength);
    byte[] first = Arrays.copyOf(original, firstLength);
    writeFrame(block, Zstd.compress(first, 6));
    for (int start = firstLength; start < original.length; start += frameLength) {
      byte[] frame = Arrays.copyOfRange(original, start, Math.min(original.length, start + frameLength));
      writeFrame(block, Zstd.compressUsingDict(frame, first, 6));
    }
    byte[] bytes = block.toArrayCopy();
    Random random = new Random(1);
    for (int trial = 0; trial < 200; trial++) {
      int offset = random.nextInt(original.length);
      int size = random.nextInt(Math.min(original.length - offset, 10_000) + 1);
      BytesRef out = new BytesRef();
      new ZstdCompressionMode(1, 16).newDecompressor().decompress(new ByteArrayDataInput(bytes), original.length, offset, size, out);
      assertArrayEquals(Arrays.copyOfRange(original, offset, offset + size),
          Arrays.copyOfRange(out.bytes, out.offset, out.offset + out.length), "range " + offset + "+" + size);
    }
  }

  @Test
  void mergedSegmentsReadBackEveryDocument() throws IOException {
    try (Directory directory = FSDirectory.open(dir)) {
      write(directory, new PartitionCodec(), 0, 4_000, PartitionCodecTest::traceSourceOf);
      write(directory, new PartitionCodec(), 4_000, 4_000, PartitionCodecTest::traceSourceOf);
      try (IndexWriter writer = new IndexWriter(directory, new IndexWriterConfig().setCodec(new PartitionCodec()))) {
        writer.forceMerge(1);
      }
      try (DirectoryReader reader = DirectoryReader.open(directory)) {
        assertEquals(1, reader.leaves().size());
        StoredFields stored = reader.leaves().get(0).reader().storedFields();
        for (int doc = 0; doc < reader.maxDoc(); doc++) {
          Document d = stored.document(doc);
          assertEquals(traceSourceOf(Integer.parseInt(d.get(DocumentMapper.ID))), d.getBinaryValue(DocumentMapper.SOURCE).utf8ToString());
        }
      }
    }
  }

  private static void writeFrame(ByteBuffersDataOutput block, byte[] frame) throws IOException {
    block.writeVInt(frame.length);
    block.writeBytes(frame);
  }

  /** A stored field's header as Lucene writes it: field number 0, a string. */
  private static final long ID_KEY = 0;

  /**
   * Documents as Lucene's stored-fields writer hands them to its compressor, as the mapper makes
   * them: each an id (with header {@code idKey}), a source skeleton (field 1) and its text (field
   * 2), both byte arrays; each value a length and bytes.
   */
  private static byte[] serializedFields(Random random, int docs, long idKey) throws IOException {
    ByteBuffersDataOutput out = new ByteBuffersDataOutput();
    for (int i = 0; i < docs; i++) {
      byte[] skeleton = ("\u0003{\"@timestamp\":,\"message\":,\"kubernetes\":{\"namespace\":,\"pod\":{\"name\":,\"uid\":},"
          + "\"container\":{\"name\":}},\"log\":{\"offset\":,\"file\":{\"path\":}},\"stream\":}").getBytes(StandardCharsets.UTF_8);
      byte[][] values = {("id-" + (1_000_000 + i)).getBytes(StandardCharsets.UTF_8), skeleton,
          traceSourceOf(random.nextInt()).getBytes(StandardCharsets.UTF_8)};
      for (int field = 0; field < values.length; field++) {
        out.writeVLong(field == 0 ? idKey : field << 3 | 1);
        out.writeVInt(values[field].length);
        out.writeBytes(values[field]);
      }
    }
    return out.toArrayCopy();
  }

  private static byte[] compress(CompressionMode mode, byte[] original) throws IOException {
    ByteBuffersDataOutput compressed = new ByteBuffersDataOutput();
    try (Compressor compressor = mode.newCompressor()) {
      compressor.compress(new ByteBuffersDataInput(List.of(ByteBuffer.wrap(original))), compressed);
    }
    return compressed.toArrayCopy();
  }

  private static void write(Directory directory, Codec codec, int from, int count) throws IOException {
    write(directory, codec, from, count, PartitionCodecTest::sourceOf);
  }

  /** One segment of documents {@code from} to {@code from + count}. */
  private static void write(Directory directory, Codec codec, int from, int count, IntFunction<String> source)
      throws IOException {
    try (IndexWriter writer = new IndexWriter(directory, new IndexWriterConfig().setCodec(codec).setUseCompoundFile(false)
        .setRAMBufferSizeMB(256))) {
      for (int i = from; i < from + count; i++) {
        Document doc = new Document();
        doc.add(new StringField(DocumentMapper.ID, Integer.toString(i), Field.Store.YES));
        doc.add(new StoredField(DocumentMapper.SOURCE, new BytesRef(source.apply(i))));
        writer.addDocument(doc);
      }
    }
  }

  private static String sourceOf(int i) {
    return "{\"@timestamp\":\"2026-11-23T10:00:00." + (i % 1000) + "Z\",\"message\":\"GET /api/items/" + i * 7919
        + " 200 " + (i % 97) + "ms\",\"kubernetes\":{\"pod\":{\"name\":\"web-" + (i % 13) + "\"}}}";
  }

  /** A request log line with a random trace id, as the ingest bench's. */
  private static String traceSourceOf(int i) {
    Random random = new Random(i);
    return "{\"message\":\"GET /api/items/" + random.nextInt(100_000) + " answered 200 in " + random.nextInt(900)
        + " ms for user u-" + random.nextInt(5_000) + " trace " + Long.toHexString(random.nextLong()) + "\"}";
  }

  /** Lines like a log's: repeated structure, varying numbers and words. */
  private static byte[] logLikeBytes(Random random, int length) {
    String[] words = {"GET", "POST", "/api/items", "200", "404", "user", "timeout", "connection", "reset", "pod", "web-7f9c"};
    StringBuilder text = new StringBuilder(length + 100);
    while (text.length() < length) {
      text.append("{\"@timestamp\":\"2026-11-23T10:").append(random.nextInt(60)).append("Z\",\"message\":\"");
      for (int w = 0; w < 6; w++) {
        text.append(words[random.nextInt(words.length)]).append(' ').append(random.nextInt(100_000)).append(' ');
      }
      text.append("\"}\n");
    }
    return Arrays.copyOf(text.toString().getBytes(StandardCharsets.UTF_8), length);
  }
}
