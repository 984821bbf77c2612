package dev.trawl.collector.record;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import net.openhft.hashing.LongTupleHashFunction;

/**
 * The deterministic {@code _id} of a log document: a 128-bit hash of (node name, pod uid,
 * container name, file identity, byte offset of the line), rendered as 22 characters of URL-safe
 * base64. The same line sent twice gets the same id, so redelivery is idempotent. The file
 * identity is what the file's content shows (the fingerprint of its first line, and a generation
 * when offsets start over under the same first line), not its inode: a copytruncate's copy
 * gives its lines the ids they had in the file they were copied from.
 *
 * <p>The per-file fields, a hundred bytes, are hashed once per file (xxHash, 128 bits); each line
 * then mixes its offset into each 64-bit half with SplitMix64's finalizer. Both steps are
 * bijections of the offset, so no two lines of one file ever share an id, and a line costs a
 * few multiplications instead of a hash of the whole key. The node queue keeps the per-file hash
 * once per batch and each line's offset, and the id is made as the queue is read. Not thread-safe:
 * one instance per file (or batch read), reused per line.
 */
public final class DocumentId {
  private static final LongTupleHashFunction XX128 = LongTupleHashFunction.xx128();
  private static final byte[] URL_SAFE_BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
      .getBytes(StandardCharsets.US_ASCII);
  /** Odd multipliers that spread consecutive offsets over the whole 64 bits before mixing. */
  private static final long HIGH_STEP = 0x9E3779B97F4A7C15L;
  private static final long LOW_STEP = 0xC2B2AE3D27D4EB4FL;

  private final long fileHigh;
  private final long fileLow;
  private final byte[] encoded = new byte[22];

  /** Hashes the per-file fields; {@link #of(long)} adds the offset. */
  public DocumentId(String nodeName, String podUid, String containerName, long fingerprint, int generation) {
    byte[] node = nodeName.getBytes(StandardCharsets.UTF_8);
    byte[] uid = podUid.getBytes(StandardCharsets.UTF_8);
    byte[] container = containerName.getBytes(StandardCharsets.UTF_8);
    ByteBuffer fields = ByteBuffer.allocate(3 * 4 + node.length + uid.length + container.length + 8 + 4);
    putField(fields, node);
    putField(fields, uid);
    putField(fields, container);
    fields.putLong(fingerprint).putInt(generation);
    long[] hash = XX128.hashBytes(fields.array());
    fileHigh = hash[0];
    fileLow = hash[1];
  }

  /** The ids of a file whose per-file hash is {@code fileHigh, fileLow}, as a queue batch keeps it. */
  public DocumentId(long fileHigh, long fileLow) {
    this.fileHigh = fileHigh;
    this.fileLow = fileLow;
  }

  /** The high half of the per-file hash. */
  public long fileHigh() {
    return fileHigh;
  }

  /** The low half of the per-file hash. */
  public long fileLow() {
    return fileLow;
  }

  private static void putField(ByteBuffer fields, byte[] bytes) {
    fields.putInt(bytes.length).put(bytes);
  }

  /** The id of the line at {@code offset}, as ASCII bytes; the array is reused by the next call. */
  public byte[] of(long offset) {
    encode(mix(fileHigh + offset * HIGH_STEP), mix(fileLow + offset * LOW_STEP), encoded);
    return encoded;
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** The 128 bits {@code high, low}, big-endian, as unpadded URL-safe base64: six bits a character, the last one's two bits padded with zeros. */
  static void encode(long high, long low, byte[] out) {
    for (int i = 0; i < 10; i++) {
      out[i] = URL_SAFE_BASE64[(int) (high >>> (58 - 6 * i)) & 63];
    }
    out[10] = URL_SAFE_BASE64[(int) ((high & 0xF) << 2 | low >>> 62)];
    for (int i = 0; i < 10; i++) {
      out[11 + i] = URL_SAFE_BASE64[(int) (low >>> (56 - 6 * i)) & 63];
    }
    out[21] = URL_SAFE_BASE64[(int) (low & 3) << 4];
  }
}
