package dev.trawl.collector.tail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;

/** A file's key, size and modification time, read with one stat call (following links). */
record FileStat(FileKey key, long size, long modifiedMillis) {

  static FileStat of(Path path) throws IOException {
    Map<String, Object> attrs = Files.readAttributes(path, "unix:dev,ino,size,lastModifiedTime");
    return new FileStat(new FileKey(((Number) attrs.get("dev")).longValue(), ((Number) attrs.get("ino")).longValue()),
        ((Number) attrs.get("size")).longValue(), ((FileTime) attrs.get("lastModifiedTime")).toMillis());
  }
}
