package dev.trawl.collector.tail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where a file lives on disk: device and inode. Two paths with the same key (a
 * {@code /var/log/containers} symlink and its target) are one file, read once.
 */
public record FileKey(long device, long inode) {

  /** Reads the key of the file a path resolves to, following links. */
  public static FileKey of(Path path) throws IOException {
    Map<String, Object> attrs = Files.readAttributes(path, "unix:dev,ino");
    return new FileKey(((Number) attrs.get("dev")).longValue(), ((Number) attrs.get("ino")).longValue());
  }

  @Override
  public String toString() {
    return device + ":" + inode;
  }
}
