package dev.trawl.collector.ship;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.trawl.collector.queue.QueuedDocument;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dead-letter file: one JSON line per document the indexer rejected as bad (a 400 item), with
 * its id, stream, status, the indexer's reason and the document as a string, so nothing is lost
 * silently and a person can look, fix and resend ({@code jq -r .source}). Bounded: when the file
 * would pass half the limit it becomes {@code dead-letter.ndjson.1}, replacing the one before, so
 * the two never hold more than the limit; a document too big for half the limit is cut and marked
 * {@code "source_truncated":true}. Thread-safe.
 */
public final class DeadLetters implements AutoCloseable {
  public static final String FILE = "dead-letter.ndjson";
  private static final Logger LOG = LoggerFactory.getLogger(DeadLetters.class);
  private static final JsonFactory JSON = new JsonFactory();
  /** Room for everything on the line but the source. */
  private static final int ENVELOPE_BYTES = 1024;

  private final Path file;
  private final Path previous;
  private final long fileLimit;
  private FileChannel channel;
  private volatile long previousBytes;

  public DeadLetters(Path dir, long maxBytes, MeterRegistry registry) throws IOException {
    if (maxBytes < 2 * (ENVELOPE_BYTES + 1024)) {
      throw new IllegalArgumentException("dead-letter limit " + maxBytes + " is below " + 2 * (ENVELOPE_BYTES + 1024) + " bytes");
    }
    Files.createDirectories(dir);
    this.file = dir.resolve(FILE);
    this.previous = dir.resolve(FILE + ".1");
    this.fileLimit = maxBytes / 2;
    this.channel = open();
    this.previousBytes = Files.exists(previous) ? Files.size(previous) : 0;
    Gauge.builder("trawl.shipper.dead.letter.bytes", this, DeadLetters::bytes).baseUnit("bytes")
        .description("Bytes in the dead-letter files (documents rejected as bad, with the reason)").register(registry);
  }

  private FileChannel open() throws IOException {
    return FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
  }

  /** Bytes in both files. */
  public long bytes() {
    try {
      synchronized (this) {
        return channel.size() + previousBytes;
      }
    } catch (IOException e) {
      return previousBytes;
    }
  }

  /** Appends the rejected document; a failure to write is logged, never holds up the queue. */
  public synchronized void write(QueuedDocument doc, int status, String reason) {
    try {
      byte[] line = line(doc, status, reason);
      if (channel.size() > 0 && channel.size() + line.length > fileLimit) {
        channel.close();
        Files.move(file, previous, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        previousBytes = Files.size(previous);
        channel = open();
      }
      ByteBuffer buffer = ByteBuffer.wrap(line);
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
    } catch (IOException e) {
      LOG.warn("dead-letter write failed file={} id={}: {}", file, doc.id(), e.toString());
    }
  }

  private byte[] line(QueuedDocument doc, int status, String reason) throws IOException {
    int room = (int) Math.min(Integer.MAX_VALUE, fileLimit - ENVELOPE_BYTES);
    String source = new String(doc.source(), StandardCharsets.UTF_8);
    // Escaped, a character takes at most six bytes (a control character's \u0000 form).
    boolean cut = doc.source().length > room / 6;
    if (cut) {
      source = source.substring(0, Math.min(source.length(), room / 6));
    }
    String shortReason = reason == null ? "" : reason.length() > ENVELOPE_BYTES / 2 ? reason.substring(0, ENVELOPE_BYTES / 2) : reason;
    ByteArrayOutputStream out = new ByteArrayOutputStream(doc.source().length + 256);
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("@timestamp", Instant.now().toString());
      g.writeStringField("_id", doc.id());
      g.writeStringField("stream", doc.stream().name().toLowerCase(java.util.Locale.ROOT));
      g.writeNumberField("status", status);
      g.writeStringField("reason", shortReason);
      g.writeStringField("source", source);
      if (cut) {
        g.writeBooleanField("source_truncated", true);
      }
      g.writeEndObject();
    }
    out.write('\n');
    return out.toByteArray();
  }

  @Override
  public synchronized void close() throws IOException {
    channel.close();
  }
}
