package dev.trawl.collector.tail;

/**
 * Identity of one run of offsets in a file: it changes whenever offsets start over (a new file, a
 * reused inode, a copytruncate), so document ids derived from (identity, offset) never collide
 * with the ids of earlier lines.
 *
 * @param key device and inode
 * @param fingerprint hash of the first line
 * @param generation how many times this file was truncated while tailed
 */
public record FileIdentity(FileKey key, long fingerprint, int generation) {

  /** The identity after a copytruncate of the same inode. */
  FileIdentity truncated(long newFingerprint) {
    return new FileIdentity(key, newFingerprint, generation + 1);
  }

  @Override
  public String toString() {
    return key + ":" + Long.toHexString(fingerprint) + ":" + generation;
  }
}
