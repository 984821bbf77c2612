package dev.trawl.collector.tail;

/**
 * Identity of one run of offsets in a file: it changes whenever offsets start over (a new file, a
 * reused inode, a copytruncate), so document ids derived from (identity, offset) never collide
 * with the ids of earlier lines. It is what the file shows — device, inode, first line — so a
 * restart that lost its checkpoint derives the same identity, and so the same ids, again.
 *
 * @param key device and inode
 * @param fingerprint hash of the first line
 * @param generation 0, or how many times in a row offsets started over under the same first line
 */
public record FileIdentity(FileKey key, long fingerprint, int generation) {

  /** The identity of the run of offsets that follows this one in the same inode (after a copytruncate). */
  FileIdentity next(long newFingerprint) {
    return new FileIdentity(key, newFingerprint, newFingerprint == fingerprint ? generation + 1 : 0);
  }

  @Override
  public String toString() {
    return key + ":" + Long.toHexString(fingerprint) + ":" + generation;
  }
}
