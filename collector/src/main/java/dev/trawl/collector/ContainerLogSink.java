package dev.trawl.collector;

import com.fasterxml.jackson.core.io.SerializedString;
import dev.trawl.collector.cri.CriDecoder;
import dev.trawl.collector.cri.CriLine;
import dev.trawl.collector.cri.PartialJoiner;
import dev.trawl.collector.kube.PodCache;
import dev.trawl.collector.kube.PodMetadata;
import dev.trawl.collector.kube.PodPath;
import dev.trawl.collector.queue.NodeQueue;
import dev.trawl.collector.record.DocumentId;
import dev.trawl.collector.record.KubernetesFields;
import dev.trawl.collector.record.LogDocument;
import dev.trawl.collector.tail.FileIdentity;
import dev.trawl.collector.tail.FileSink;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

/**
 * The pipeline for one container log file: CRI decode, partial-line joining per stream,
 * enrichment with the pod's metadata, rendering, and append to the node queue. Lines without a
 * valid CRI prefix are kept whole and flagged {@code malformed}. Not thread-safe: the tailer's
 * thread only; {@link LogDocument} is shared by all sinks of that thread.
 */
final class ContainerLogSink implements FileSink {
  private final String filePath;
  private final PodPath pod;
  private final String nodeName;
  private final PodCache pods;
  private final NodeQueue queue;
  private final LogDocument document;
  private final CollectorEvents events;
  private final DocumentId ids;
  private final CriLine line = new CriLine();
  private final PartialJoiner stdout;
  private final PartialJoiner stderr;
  private PodMetadata renderedFor;
  private boolean parseJson = true;
  private Map<String, String> renderedNamespaceLabels;
  private SerializedString metadata;

  ContainerLogSink(String filePath, PodPath pod, FileIdentity identity, String nodeName, PodCache pods,
      NodeQueue queue, LogDocument document, CollectorEvents events, int maxLineBytes) {
    this.filePath = filePath;
    this.pod = pod;
    this.nodeName = nodeName;
    this.pods = pods;
    this.queue = queue;
    this.document = document;
    this.events = events;
    this.ids = new DocumentId(nodeName, pod.podUid(), pod.containerName(), identity.key().device(),
        identity.key().inode(), identity.fingerprint(), identity.generation());
    this.stdout = new PartialJoiner(maxLineBytes);
    this.stderr = new PartialJoiner(maxLineBytes);
  }

  @Override
  public boolean line(byte[] buf, int off, int len, long offset, boolean truncated) {
    if (!queue.hasRoom()) {
      return false;
    }
    PodMetadata meta = pods.pod(pod.podUid());
    if (meta != null && meta.excluded()) {
      events.excluded();
      return true;
    }
    refreshMetadata(meta);
    if (!CriDecoder.decode(buf, off, len, line)) {
      byte[] now = Instant.now().toString().getBytes(StandardCharsets.US_ASCII);
      emit(now, 0, now.length, buf, off, len, "stdout", offset,
          LogDocument.MALFORMED | (truncated ? LogDocument.TRUNCATED : 0));
      events.malformed();
      return true;
    }
    PartialJoiner joiner = line.stream() == CriLine.Stream.STDOUT ? stdout : stderr;
    if (!line.partial() && !joiner.pending()) {
      emit(buf, line.timestampStart(), line.timestampLength(), buf, line.bodyStart(), line.bodyLength(),
          line.stream().label(), offset, truncated ? LogDocument.TRUNCATED : 0);
      return true;
    }
    joiner.add(buf, line, offset);
    if (!joiner.pending()) {
      int flags = LogDocument.PARTIAL | (joiner.truncated() || truncated ? LogDocument.TRUNCATED : 0);
      emit(joiner.timestamp(), 0, joiner.timestampLength(), joiner.body(), 0, joiner.length(),
          line.stream().label(), joiner.firstOffset(), flags);
    }
    return true;
  }

  private void emit(byte[] ts, int tsOff, int tsLen, byte[] body, int bodyOff, int bodyLen, String stream,
      long offset, int flags) {
    document.write(ts, tsOff, tsLen, body, bodyOff, bodyLen, stream, parseJson, filePath, offset, flags, metadata);
    byte[] id = ids.of(offset);
    queue.append(id, id.length, document.bytes(), 0, document.length());
    events.lineRead(stream);
  }

  /** Renders the pod's fields again only when the pod or its namespace labels changed. */
  private void refreshMetadata(PodMetadata meta) {
    Map<String, String> nsLabels = pods.namespaceLabels(pod.namespace());
    if (metadata == null || meta != renderedFor || nsLabels != renderedNamespaceLabels) {
      metadata = KubernetesFields.render(pod, meta, nsLabels, nodeName);
      parseJson = meta == null || meta.parsesJson();
      renderedFor = meta;
      renderedNamespaceLabels = nsLabels;
    }
  }

  @Override
  public long settledOffset(long readPosition) {
    long settled = readPosition;
    if (stdout.pending()) {
      settled = Math.min(settled, stdout.firstOffset());
    }
    if (stderr.pending()) {
      settled = Math.min(settled, stderr.firstOffset());
    }
    return settled;
  }

  @Override
  public void reset() {
    stdout.reset();
    stderr.reset();
  }
}
