package dev.trawl.collector.ship;

import dev.trawl.collector.queue.QueuedDocument;
import dev.trawl.collector.queue.Stream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * Writes an Elasticsearch {@code _bulk} body: for each document a {@code create} action line
 * with its {@code _index} and deterministic {@code _id}, then the document line. Document JSON
 * is compact, so it never holds a raw newline. Stateless and thread-safe.
 */
public final class BulkRequestWriter {
  private final byte[] logsPrefix;
  private final byte[] metricsPrefix;

  /** @param logsIndex index of log documents; @param metricsIndex index of metric documents */
  public BulkRequestWriter(String logsIndex, String metricsIndex) {
    this.logsPrefix = prefix(logsIndex);
    this.metricsPrefix = prefix(metricsIndex);
  }

  private static byte[] prefix(String index) {
    if (!index.matches("[a-z0-9][a-z0-9._-]*")) {
      throw new IllegalArgumentException("index name must be lower case letters, digits, '.', '_' or '-': " + index);
    }
    return ("{\"create\":{\"_index\":\"" + index + "\",\"_id\":\"").getBytes(StandardCharsets.US_ASCII);
  }

  /** The NDJSON body, gzip-compressed when asked. */
  public byte[] write(List<QueuedDocument> docs, boolean gzip) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(docs.size() * 512);
    try (OutputStream out = gzip ? new FastGzip(bytes) : bytes) {
      for (QueuedDocument doc : docs) {
        out.write(doc.stream() == Stream.METRICS ? metricsPrefix : logsPrefix);
        out.write(doc.id().getBytes(StandardCharsets.US_ASCII));
        out.write('"');
        out.write('}');
        out.write('}');
        out.write('\n');
        out.write(doc.source());
        out.write('\n');
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /**
   * gzip at its fastest level, as Filebeat's Elasticsearch output defaults to: log documents still
   * shrink several times over, at a fraction of the default level's CPU.
   */
  private static final class FastGzip extends GZIPOutputStream {
    FastGzip(OutputStream out) throws IOException {
      super(out, 64 * 1024);
      def.setLevel(Deflater.BEST_SPEED);
    }
  }
}
