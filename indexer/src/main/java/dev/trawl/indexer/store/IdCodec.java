package dev.trawl.indexer.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.DocValuesType;
import org.apache.lucene.index.FieldInfo;
import org.apache.lucene.index.IndexableField;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.SortedDocValues;
import org.apache.lucene.util.BytesRef;

/**
 * The bytes an {@code _id} is indexed and stored as. The collector's ids (and Elasticsearch's
 * generated ones) are URL-safe base64 of random bytes, which neither the terms dictionary nor the
 * stored fields compress: such an id is kept as its decoded bytes behind a marker byte that UTF-8
 * never holds, a quarter fewer bytes (as Elasticsearch's {@code Uid} does); any other id is kept as
 * its UTF-8. Partitions written before keep every id as UTF-8 ({@link Mapping#keepTextIds}).
 */
public final class IdCodec {
  private static final byte BASE64_MARKER = (byte) 0xFE;
  private static final Base64.Decoder DECODER = Base64.getUrlDecoder();
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

  private IdCodec() {}

  /** The id as UTF-8, as partitions written before this encoding hold every id. */
  static BytesRef text(String id) {
    return new BytesRef(id);
  }

  /** The id's bytes: decoded behind the marker when it is unpadded URL-safe base64 that encodes back the same. */
  static BytesRef encode(String id) {
    byte[] raw = canonicalBase64(id);
    if (raw == null) {
      return text(id);
    }
    byte[] marked = new byte[raw.length + 1];
    marked[0] = BASE64_MARKER;
    System.arraycopy(raw, 0, marked, 1, raw.length);
    return new BytesRef(marked);
  }

  /** The id that {@link #encode} or {@link #text} turned into these bytes. */
  public static String decode(BytesRef bytes) {
    if (bytes.length > 0 && bytes.bytes[bytes.offset] == BASE64_MARKER) {
      return ENCODER.encodeToString(Arrays.copyOfRange(bytes.bytes, bytes.offset + 1, bytes.offset + bytes.length));
    }
    return bytes.utf8ToString();
  }

  /** Every form the id may be held in, across partitions written before and after this encoding. */
  public static List<BytesRef> terms(String id) {
    BytesRef encoded = encode(id);
    BytesRef text = text(id);
    return encoded.bytesEquals(text) ? List.of(text) : List.of(encoded, text);
  }

  /** Whether a segment holds its ids in sorted doc values (else as indexed, stored terms, or it has none). */
  public static boolean inDocValues(LeafReader segment) {
    FieldInfo ids = segment.getFieldInfos().fieldInfo(DocumentMapper.ID);
    return ids != null && ids.getDocValuesType() == DocValuesType.SORTED;
  }

  /** A segment's ids in sorted doc values, or null when it holds them as terms or has none. */
  public static SortedDocValues docValues(LeafReader segment) throws IOException {
    return inDocValues(segment) ? segment.getSortedDocValues(DocumentMapper.ID) : null;
  }

  /** The {@code _id} of a stored document. */
  public static String of(Document stored) {
    IndexableField field = stored.getField(DocumentMapper.ID);
    if (field == null) {
      return null;
    }
    BytesRef bytes = field.binaryValue();
    return bytes != null ? decode(bytes) : field.stringValue();
  }

  private static byte[] canonicalBase64(String id) {
    int length = id.length();
    if (length == 0 || length % 4 == 1) {
      return null;
    }
    int last = 0;
    for (int i = 0; i < length; i++) {
      last = sextet(id.charAt(i));
      if (last < 0) {
        return null;
      }
    }
    // the last character's bits past the final byte must be zero, or decoding would drop them
    int unusedBits = length % 4 == 2 ? 4 : length % 4 == 3 ? 2 : 0;
    if ((last & ((1 << unusedBits) - 1)) != 0) {
      return null;
    }
    return DECODER.decode(id.getBytes(StandardCharsets.US_ASCII));
  }

  /** The six bits a URL-safe base64 character stands for, or -1. */
  private static int sextet(char c) {
    if (c >= 'A' && c <= 'Z') {
      return c - 'A';
    }
    if (c >= 'a' && c <= 'z') {
      return c - 'a' + 26;
    }
    if (c >= '0' && c <= '9') {
      return c - '0' + 52;
    }
    return c == '-' ? 62 : c == '_' ? 63 : -1;
  }
}
