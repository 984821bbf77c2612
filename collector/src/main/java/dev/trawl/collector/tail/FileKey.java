package dev.trawl.collector.tail;

/**
 * Where a file lives on disk: device and inode. Two paths with the same key (a
 * {@code /var/log/containers} symlink and its target) are one file, read once.
 */
public record FileKey(long device, long inode) {

  @Override
  public String toString() {
    return device + ":" + inode;
  }
}
