package dev.trawl.collector.record;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import net.openhft.hashing.LongTupleHashFunction;

/**
 * The deterministic {@code _id} of a log document: a 128-bit xxHash of (node name, pod uid,
 * container name, file identity, byte offset of the line), rendered as 22 characters of URL-safe
 * base64. The same line sent twice gets the same id, so redelivery is idempotent. The file
 * identity is what the file's content shows (the fingerprint of its first line, and a generation
 * when offsets start over under the same first line), not its inode: a copytruncate's copy
 * gives its lines the ids they had in the file they were copied from. Not thread-safe: one
 * instance per file, reused per line.
 */
public final class DocumentId {
  private static final LongTupleHashFunction XX128 = LongTupleHashFunction.xx128();
  private static final Base64.Encoder BASE64 = Base64.getUrlEncoder().withoutPadding();

  private final ByteBuffer input;
  private final int offsetPosition;
  private final long[] hash = new long[2];
  private final byte[] raw = new byte[16];
  private final byte[] encoded = new byte[22];

  /** Fixes the per-file part of the hashed input; {@link #of(long)} adds the offset. */
  public DocumentId(String nodeName, String podUid, String containerName, long fingerprint, int generation) {
    byte[] node = nodeName.getBytes(StandardCharsets.UTF_8);
    byte[] uid = podUid.getBytes(StandardCharsets.UTF_8);
    byte[] container = containerName.getBytes(StandardCharsets.UTF_8);
    input = ByteBuffer.allocate(3 * 4 + node.length + uid.length + container.length + 8 * 2 + 4);
    putField(node);
    putField(uid);
    putField(container);
    input.putLong(fingerprint).putInt(generation);
    offsetPosition = input.position();
  }

  private void putField(byte[] bytes) {
    input.putInt(bytes.length).put(bytes);
  }

  /** The id of the line at {@code offset}, as ASCII bytes; the array is reused by the next call. */
  public byte[] of(long offset) {
    input.putLong(offsetPosition, offset);
    XX128.hashBytes(input.array(), 0, input.capacity(), hash);
    for (int i = 0; i < 8; i++) {
      raw[i] = (byte) (hash[0] >>> (56 - 8 * i));
      raw[8 + i] = (byte) (hash[1] >>> (56 - 8 * i));
    }
    BASE64.encode(raw, encoded);
    return encoded;
  }
}
