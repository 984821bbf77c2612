package dev.trawl.collector.tail;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.Paths;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;
import java.util.List;

/** Lists the regular files that match a set of absolute globs, such as {@code /var/log/pods/*\/*\/*.log}. */
public final class PathGlobs {
  private record Glob(Path root, int depth, PathMatcher matcher) {}

  private final List<Glob> globs = new ArrayList<>();

  public PathGlobs(List<String> patterns) {
    for (String pattern : patterns) {
      Path p = Paths.get(pattern);
      if (!p.isAbsolute()) {
        throw new IllegalArgumentException("tail path glob must be absolute: " + pattern);
      }
      Path root = p.getRoot();
      int i = 0;
      for (; i < p.getNameCount() - 1; i++) {
        String part = p.getName(i).toString();
        if (part.chars().anyMatch(c -> "*?[{".indexOf(c) >= 0)) {
          break;
        }
        root = root.resolve(part);
      }
      globs.add(new Glob(root, p.getNameCount() - i,
          FileSystems.getDefault().getPathMatcher("glob:" + pattern)));
    }
  }

  /**
   * What one scan found: the matching regular files (in a stable order), the rotated copies beside
   * them (a match's name plus a suffix, such as kubelet's {@code 0.log.20261123-120000}; compressed
   * ones left out) and the directories walked to reach them.
   */
  public record Listing(List<Path> files, List<Path> rotated, Set<Path> directories) {}

  private static final List<String> COMPRESSED = List.of(".gz", ".zst", ".bz2", ".xz", ".lz4", ".zip");

  /** Compressed rotations are history already read under their first name; a reused inode may meet one. */
  static boolean isCompressed(Path p) {
    String name = p.getFileName().toString();
    return COMPRESSED.stream().anyMatch(name::endsWith);
  }

  /** A name that is a matched file's name plus a suffix. */
  private static boolean isRotatedName(Path p, Set<Path> matched) {
    String name = p.getFileName().toString();
    for (int i = name.indexOf('.'); i > 0; i = name.indexOf('.', i + 1)) {
      if (matched.contains(p.resolveSibling(name.substring(0, i)))) {
        return true;
      }
    }
    return false;
  }

  /** The matching regular files now (following symlinks), and the directories a new file may appear in. */
  public Listing scan() {
    List<Path> files = new ArrayList<>();
    List<Path> others = new ArrayList<>();
    Set<Path> directories = new HashSet<>();
    for (Glob glob : globs) {
      if (!Files.isDirectory(glob.root())) {
        continue;
      }
      try {
        Files.walkFileTree(glob.root(), Set.of(), glob.depth(), new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
            directories.add(dir);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path p, BasicFileAttributes attrs) {
            if (glob.matcher().matches(p)) {
              if (Files.isRegularFile(p)) {
                files.add(p);
              }
            } else if (!isCompressed(p) && Files.isRegularFile(p)) {
              others.add(p);
            }
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFileFailed(Path p, IOException e) {
            // Deleted between its directory's listing and its stat (a gzipped rotation, a pod
            // going away): absent, as in the next scan. Going on keeps the rest of the listing
            // whole, so files still there are never taken for rotated away.
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult postVisitDirectory(Path dir, IOException e) {
            return FileVisitResult.CONTINUE;
          }
        });
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
    files.sort(null);
    Set<Path> matched = new HashSet<>(files);
    List<Path> rotated = new ArrayList<>();
    for (Path p : others) {
      if (!matched.contains(p) && isRotatedName(p, matched)) {
        rotated.add(p);
      }
    }
    rotated.sort(null);
    return new Listing(files, rotated, directories);
  }
}
