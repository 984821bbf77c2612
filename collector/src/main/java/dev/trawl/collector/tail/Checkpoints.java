package dev.trawl.collector.tail;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Read offsets per file, keyed by device and inode and checked against the first-line
 * fingerprint. Saved as a versioned JSON file written to a temporary file, fsynced, then renamed
 * over the old one, so a crash leaves either the old or the new checkpoint, never a torn one. Not
 * thread-safe: owned by the tailer's thread.
 */
public final class Checkpoints {
  static final int VERSION = 1;
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One file's saved position. */
  public record Entry(
      @JsonProperty("device") long device,
      @JsonProperty("inode") long inode,
      @JsonProperty("fingerprint") long fingerprint,
      @JsonProperty("generation") int generation,
      @JsonProperty("offset") long offset,
      @JsonProperty("path") String path,
      @JsonProperty("handed_on") long[] handedOn) {

    public Entry {
      handedOn = handedOn == null ? FileSink.NONE : handedOn;
    }

    FileIdentity identity() {
      return new FileIdentity(new FileKey(device, inode), fingerprint, generation);
    }
  }

  /**
   * @param mark where the pipeline stood when the offsets were taken (the node queue's last index):
   *     what was handed on after it is not covered by the offsets
   * @param retired fingerprints of runs of offsets that ended, oldest first: a copy of one of them
   *     found after a restart (copytruncate's copy) is known as read
   */
  record Document(@JsonProperty("version") int version, @JsonProperty("mark") Long mark,
      @JsonProperty("saved_millis") Long savedMillis, @JsonProperty("files") List<Entry> files,
      @JsonProperty("retired") List<Long> retired) {}

  /** How many fingerprints of files let go are remembered, to recognise their copies. */
  private static final int RETIRED = 4096;

  private final Path file;
  private final Map<FileKey, Entry> entries = new HashMap<>();
  private Long mark;
  /**
   * Rotated files last changed before this (epoch millis) had all been listed by a scan whose
   * files these offsets cover (at load: the previous run's last saved value; now when there was none).
   */
  private long savedMillis = System.currentTimeMillis();
  private final java.util.LinkedHashSet<Long> retired = new java.util.LinkedHashSet<>();

  private Checkpoints(Path file) {
    this.file = file;
  }

  /** Loads the checkpoint file in {@code stateDir}, or starts empty when there is none. */
  public static Checkpoints load(Path stateDir) throws IOException {
    Files.createDirectories(stateDir);
    Checkpoints checkpoints = new Checkpoints(stateDir.resolve("checkpoints.json"));
    if (Files.exists(checkpoints.file)) {
      Document doc = JSON.readValue(checkpoints.file.toFile(), Document.class);
      if (doc.version() != VERSION) {
        throw new IOException(
            "checkpoint file " + checkpoints.file + " has version " + doc.version() + ", expected " + VERSION);
      }
      checkpoints.mark = doc.mark();
      if (doc.savedMillis() != null) {
        checkpoints.savedMillis = doc.savedMillis();
      }
      for (Entry e : doc.files()) {
        checkpoints.entries.put(new FileKey(e.device(), e.inode()), e);
      }
      if (doc.retired() != null) {
        doc.retired().forEach(checkpoints::retire);
      }
    }
    return checkpoints;
  }

  /** The saved position of a file, when its key and fingerprint both match. */
  Optional<Entry> find(FileKey key, long fingerprint) {
    Entry e = entries.get(key);
    return e != null && e.fingerprint() == fingerprint ? Optional.of(e) : Optional.empty();
  }

  void put(FileIdentity identity, long offset, Path path, long[] handedOn) {
    FileKey key = identity.key();
    Entry replaced = entries.put(key, new Entry(key.device(), key.inode(), identity.fingerprint(),
        identity.generation(), offset, path.toString(), handedOn));
    if (replaced != null && replaced.fingerprint() != identity.fingerprint()) {
      // Offsets started over in the same inode (a copytruncate seen only at a restart): a copy of
      // what came before may still turn up.
      retire(replaced.fingerprint());
    }
  }

  /** The pipeline's mark saved with the offsets, or empty before the first save. */
  public java.util.OptionalLong mark() {
    return mark == null ? java.util.OptionalLong.empty() : java.util.OptionalLong.of(mark);
  }

  void remove(FileKey key) {
    Entry e = entries.remove(key);
    if (e != null) {
      retire(e.fingerprint());
    }
  }

  /** Remembers the fingerprint of a run of offsets that ended (a copytruncate, a file let go). */
  void retire(long fingerprint) {
    retired.add(fingerprint);
    if (retired.size() > RETIRED) {
      retired.remove(retired.iterator().next());
    }
  }

  /** True when a file with this first line was read before: a checkpoint or a recently retired file has it. */
  boolean knows(long fingerprint) {
    return retired.contains(fingerprint) || entries.values().stream().anyMatch(e -> e.fingerprint() == fingerprint);
  }

  /**
   * Before when every rotated file had been seen by a scan these offsets cover; at start, the
   * previous run's last saved value (now when there was none).
   */
  long savedMillis() {
    return savedMillis;
  }

  /** Writes all entries and the pipeline's mark atomically, with nothing seen since now. */
  public void save(long pipelineMark) throws IOException {
    save(pipelineMark, System.currentTimeMillis());
  }

  /**
   * Writes all entries and the pipeline's mark atomically.
   *
   * @param seenBeforeMillis when the last scan whose files the entries cover started: a rotated
   *     file changed since may not have been listed yet, and a restart reads it
   */
  void save(long pipelineMark, long seenBeforeMillis) throws IOException {
    mark = pipelineMark;
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    byte[] bytes = JSON.writeValueAsBytes(new Document(VERSION, mark, seenBeforeMillis, new ArrayList<>(entries.values()), new ArrayList<>(retired)));
    try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING)) {
      ch.write(java.nio.ByteBuffer.wrap(bytes));
      ch.force(true);
    }
    try {
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
    }
    savedMillis = seenBeforeMillis;
  }

  int size() {
    return entries.size();
  }
}
