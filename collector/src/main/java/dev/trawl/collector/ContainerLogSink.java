package dev.trawl.collector;

import dev.trawl.collector.cri.CriDecoder;
import dev.trawl.collector.cri.CriLine;
import dev.trawl.collector.cri.DockerJsonDecoder;
import dev.trawl.collector.cri.JoinedLine;
import dev.trawl.collector.cri.PartialJoiner;
import dev.trawl.collector.kube.PodCache;
import dev.trawl.collector.kube.PodMetadata;
import dev.trawl.collector.kube.PodPath;
import dev.trawl.collector.multiline.MultilineJoiner;
import dev.trawl.collector.multiline.MultilineRule;
import dev.trawl.collector.queue.DocumentBatch;
import dev.trawl.collector.queue.NodeQueue;
import dev.trawl.collector.queue.ReplayGuard;
import dev.trawl.collector.queue.Stream;
import dev.trawl.collector.record.BodyParser;
import dev.trawl.collector.record.DocumentId;
import dev.trawl.collector.record.KubernetesFields;
import dev.trawl.collector.record.LogDocument;
import io.micrometer.core.instrument.Counter;
import dev.trawl.collector.tail.FileIdentity;
import dev.trawl.collector.tail.FileSink;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * The pipeline for one container log file: CRI or docker json-file decode (settled by the first
 * line), partial-line joining per stream, multiline
 * joining when the pod asks for it, enrichment with the pod's metadata, rendering, and append to
 * the node queue (in batches, which the tailer's {@link dev.trawl.collector.tail.Handoff} writes
 * after each pass). Lines that are not of the file's format are kept whole and flagged {@code malformed}.
 * Not thread-safe: the tailer's thread only; {@link LogDocument} is shared by all sinks of that
 * thread.
 */
final class ContainerLogSink implements FileSink {
  private final String filePath;
  private final PodPath pod;
  private final SinkSettings settings;
  private final PodCache pods;
  private final NodeQueue queue;
  private final ReplayGuard replay;
  /** Offsets of records an earlier read of this file already handed on; emptied once read past. */
  private long[] skipOffsets;
  /** Offsets of records handed on while a split or multiline line waits, see {@link #handedOnAbove}. */
  private final OffsetList handedOnWhilePending = new OffsetList();
  private final LogDocument document;
  private final DocumentBatch batch;
  private final CollectorEvents events;
  private final Counter stdoutRead;
  private final Counter stderrRead;
  private final Counter errorLines;
  private long stdoutCount;
  private long stderrCount;
  private long errorCount;
  private final DocumentId ids;
  /** The rule configuration gives this container, used when the pod has no annotation; null for none. */
  private final String configuredMultiline;
  private final CriLine line = new CriLine();
  private final PartialJoiner stdout;
  private final PartialJoiner stderr;
  private final MultilineJoiner.Emitter stdoutEvents = (event, flags) -> emitEvent(event, "stdout", flags);
  private final MultilineJoiner.Emitter stderrEvents = (event, flags) -> emitEvent(event, "stderr", flags);
  private boolean formatKnown;
  /** Null for a CRI file. */
  private DockerJsonDecoder docker;
  private MultilineJoiner stdoutLines;
  private MultilineJoiner stderrLines;
  private String multilineAnnotation;
  private PodMetadata renderedFor;
  private BodyParser parser = BodyParser.AUTO;
  private Map<String, String> renderedNamespaceLabels;
  /** The file's path, its container's fields and the closing brace that end each of its documents. */
  private byte[] tail;
  /** When the first line found its pod or namespace unknown; 0 before. */
  private long podWaitStartNanos;
  /** Set once the pod and its namespace were known, or the wait for them ran out: never waited for again. */
  private boolean podWaitOver;
  /**
   * The pod's metadata as the pod cache gave it for this pass of the tailer: the lines of one pass
   * share one look-up of the pod and one of its namespace (two map look-ups a line were several
   * percent of the tail thread), so a change to the pod shows from the next pass on.
   */
  private PodMetadata passMeta;
  private boolean passLookedUp;
  private boolean passRendered;

  ContainerLogSink(String filePath, PodPath pod, FileIdentity identity, long[] handedOn, SinkSettings settings,
      PodCache pods, NodeQueue queue, ReplayGuard replay, LogDocument document, DocumentBatch batch, CollectorEvents events) {
    this.filePath = filePath;
    this.pod = pod;
    this.settings = settings;
    this.pods = pods;
    this.queue = queue;
    this.replay = replay;
    this.skipOffsets = handedOn;
    this.document = document;
    this.batch = batch;
    this.events = events;
    this.configuredMultiline = settings.multiline().ruleFor(pod.namespace(), pod.containerName());
    this.ids = new DocumentId(settings.nodeName(), pod.podUid(), pod.containerName(), identity.fingerprint(),
        identity.generation());
    this.stdoutRead = events.linesRead(pod.namespace(), "stdout");
    this.stderrRead = events.linesRead(pod.namespace(), "stderr");
    this.errorLines = events.errorLines(pod.namespace());
    this.stdout = new PartialJoiner(settings.maxLineBytes());
    this.stderr = new PartialJoiner(settings.maxLineBytes());
  }

  @Override
  public boolean line(byte[] buf, int off, int len, long offset, boolean truncated) {
    if (!queue.hasRoom(batch.unwrittenBytes())) {
      return false;
    }
    if (!passLookedUp) {
      passMeta = pods.pod(pod.podUid());
      passLookedUp = true;
    }
    PodMetadata meta = passMeta;
    if (!podWaitOver && awaitingPod(meta)) {
      return false;
    }
    if (meta != null && meta.excluded()) {
      events.excluded();
      return true;
    }
    if (!passRendered) {
      refreshMetadata(meta);
      passRendered = true;
    }
    int cut = truncated ? LogDocument.TRUNCATED : 0;
    if (!decode(buf, off, len)) {
      byte[] now = Instant.now().toString().getBytes(StandardCharsets.US_ASCII);
      emit(now, 0, now.length, buf, off, len, "stdout", offset, LogDocument.MALFORMED | cut);
      events.malformed();
      return true;
    }
    PartialJoiner joiner = line.stream() == CriLine.Stream.STDOUT ? stdout : stderr;
    if (!line.partial() && !joiner.pending()) {
      byte[] src = line.source();
      deliver(src, line.timestampStart(), line.timestampLength(), src, line.bodyStart(), line.bodyLength(),
          line.stream(), offset, cut);
      return true;
    }
    joiner.add(line, offset);
    if (!joiner.pending()) {
      JoinedLine joined = joiner.joined();
      int flags = LogDocument.PARTIAL | (joined.truncated() ? LogDocument.TRUNCATED : cut);
      deliver(joined.timestamp(), 0, joined.timestampLength(), joined.body(), 0, joined.length(), line.stream(),
          joined.firstOffset(), flags);
    }
    return true;
  }

  /**
   * A pod the API does not know yet, or whose namespace it does not know yet, is waited for once
   * per file, briefly, without holding up other files: the watch events usually arrive within
   * moments of the kubelet starting the container. At start, every file waits until all of the
   * API's first lists are in (or kube.first_list_wait is over), so a big cluster's slow list does
   * not send a node's existing files out unenriched, nor a pod listed before its ReplicaSet or Job
   * without its workload's name. After that the lines go with what is known (a pod unknown: what
   * the path says, flagged) and pick up the rest when it comes.
   */
  private boolean awaitingPod(PodMetadata meta) {
    if (!pods.followsApi()) {
      podWaitOver = true;
      return false;
    }
    if (pods.firstListPending()) {
      return true;
    }
    if (meta != null && pods.namespaceKnown(pod.namespace())) {
      podWaitOver = true;
      return false;
    }
    long now = System.nanoTime();
    if (podWaitStartNanos == 0) {
      podWaitStartNanos = now;
    }
    if (now - podWaitStartNanos < settings.unknownPodWaitNanos()) {
      return true;
    }
    podWaitOver = true;
    if (meta == null) {
      events.podUnknown(pod, filePath);
    }
    return false;
  }

  /** The file's format is settled by its first line: docker's json-file lines are JSON objects, CRI lines start with a time. */
  private boolean decode(byte[] buf, int off, int len) {
    if (!formatKnown) {
      formatKnown = true;
      docker = len > 0 && buf[off] == '{' ? new DockerJsonDecoder() : null;
    }
    return docker != null ? docker.decode(buf, off, len, line) : CriDecoder.decode(buf, off, len, line);
  }

  /** A whole line: straight to a document, or into the stream's multiline event. */
  private void deliver(byte[] ts, int tsOff, int tsLen, byte[] body, int bodyOff, int bodyLen, CriLine.Stream stream,
      long offset, int flags) {
    if (stdoutLines == null) {
      emit(ts, tsOff, tsLen, body, bodyOff, bodyLen, stream.label(), offset, flags);
    } else if (stream == CriLine.Stream.STDOUT) {
      stdoutLines.offer(ts, tsOff, tsLen, body, bodyOff, bodyLen, offset, flags, System.nanoTime(), stdoutEvents);
    } else {
      stderrLines.offer(ts, tsOff, tsLen, body, bodyOff, bodyLen, offset, flags, System.nanoTime(), stderrEvents);
    }
  }

  private void emitEvent(JoinedLine event, String stream, int lineFlags) {
    int flags = lineFlags | (event.parts() > 1 ? LogDocument.MULTILINE : 0) | (event.truncated() ? LogDocument.TRUNCATED : 0);
    emit(event.timestamp(), 0, event.timestampLength(), event.body(), 0, event.length(), stream, event.firstOffset(), flags);
  }

  private void emit(byte[] ts, int tsOff, int tsLen, byte[] body, int bodyOff, int bodyLen, String stream,
      long offset, int flags) {
    if (handedOnBefore(offset) || replay.alreadyQueued(ids, offset)) {
      return;
    }
    int allFlags = flags;
    if (renderedFor == null && pods.followsApi()) {
      allFlags |= LogDocument.NO_POD_METADATA;
      events.withoutPodMetadata();
    }
    document.write(ts, tsOff, tsLen, body, bodyOff, bodyLen, stream, parser, allFlags);
    int room = batch.roomFor(tail);
    for (int kept = bodyLen; document.length() > room && kept > 0; ) {
      // Escapes (six bytes for a control character) can take a line cut at tail.max_line_bytes
      // past what one queue excerpt holds: the body is cut further, in proportion, at a character's start.
      kept = (int) Math.min(kept - 1L, (long) kept * room / document.length());
      while (kept > 0 && (body[bodyOff + kept] & 0xc0) == 0x80) {
        kept--;
      }
      allFlags |= LogDocument.TRUNCATED;
      document.write(ts, tsOff, tsLen, body, bodyOff, kept, stream, parser, allFlags);
    }
    batch.add(Stream.LOGS, tail, ids, offset, document.bytes(), 0, document.length());
    if (pending()) {
      handedOnWhilePending.add(offset);
    }
    if (stream.equals("stderr")) {
      stderrCount++;
    } else {
      stdoutCount++;
    }
    String level = document.level();
    if ("error".equals(level) || "fatal".equals(level)) {
      errorCount++;
    }
  }

  /** Renders the pod's fields again only when the pod or its namespace labels changed. */
  private void refreshMetadata(PodMetadata meta) {
    Map<String, String> nsLabels = pods.namespaceLabels(pod.namespace());
    if (tail == null || meta != renderedFor || nsLabels != renderedNamespaceLabels) {
      tail = LogDocument.tail(filePath, KubernetesFields.render(pod, meta, nsLabels, settings.nodeName()));
      parser = parserOf(meta);
      useMultiline(meta != null && meta.multiline() != null ? meta.multiline() : configuredMultiline);
      renderedFor = meta;
      renderedNamespaceLabels = nsLabels;
    }
  }

  private BodyParser parserOf(PodMetadata meta) {
    try {
      return BodyParser.of(meta == null ? null : meta.parser());
    } catch (IllegalArgumentException e) {
      events.badAnnotation(pod, e.getMessage());
      return BodyParser.AUTO;
    }
  }

  private void useMultiline(String annotation) {
    if (Objects.equals(annotation, multilineAnnotation) && (annotation == null) == (stdoutLines == null)) {
      return;
    }
    flush();
    multilineAnnotation = annotation;
    MultilineRule rule;
    try {
      rule = MultilineRule.of(annotation);
    } catch (IllegalArgumentException e) {
      events.badAnnotation(pod, e.getMessage());
      rule = null;
    }
    stdoutLines = rule == null ? null : new MultilineJoiner(rule, settings.maxLineBytes(), settings.multilineTimeoutNanos());
    stderrLines = rule == null ? null : new MultilineJoiner(rule, settings.maxLineBytes(), settings.multilineTimeoutNanos());
  }

  private boolean handedOnBefore(long offset) {
    if (skipOffsets.length == 0) {
      return false;
    }
    if (offset > skipOffsets[skipOffsets.length - 1]) {
      skipOffsets = FileSink.NONE;
      return false;
    }
    return java.util.Arrays.binarySearch(skipOffsets, offset) >= 0;
  }

  private boolean pending() {
    return stdout.pending() || stderr.pending() || (stdoutLines != null && (stdoutLines.pending() || stderrLines.pending()));
  }

  @Override
  public long[] handedOnAbove(long settledOffset) {
    return handedOnWhilePending.atOrAbove(settledOffset);
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
    if (stdoutLines != null && stdoutLines.pending()) {
      settled = Math.min(settled, stdoutLines.firstOffset());
    }
    if (stderrLines != null && stderrLines.pending()) {
      settled = Math.min(settled, stderrLines.firstOffset());
    }
    if (settled == readPosition) {
      handedOnWhilePending.clear();
    }
    return settled;
  }

  @Override
  public void idle(long nowNanos) {
    passLookedUp = false;
    passRendered = false;
    if (stdoutLines != null) {
      stdoutLines.flushIfIdle(nowNanos, stdoutEvents);
      stderrLines.flushIfIdle(nowNanos, stderrEvents);
    }
    publishCounts();
  }

  /** Adds the lines counted since the last pass to the shared counters, once per pass rather than once per line. */
  private void publishCounts() {
    if (stdoutCount > 0) {
      stdoutRead.increment(stdoutCount);
      stdoutCount = 0;
    }
    if (stderrCount > 0) {
      stderrRead.increment(stderrCount);
      stderrCount = 0;
    }
    if (errorCount > 0) {
      errorLines.increment(errorCount);
      errorCount = 0;
    }
  }

  @Override
  public void flush() {
    if (stdoutLines != null) {
      stdoutLines.flush(stdoutEvents);
      stderrLines.flush(stderrEvents);
    }
  }

  @Override
  public void reset() {
    stdout.reset();
    stderr.reset();
  }

  @Override
  public void close() {
    flush();
    publishCounts();
  }
}
