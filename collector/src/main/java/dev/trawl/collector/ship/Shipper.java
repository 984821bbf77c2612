package dev.trawl.collector.ship;

import dev.trawl.collector.queue.NodeQueue;
import dev.trawl.collector.queue.QueuedDocument;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the node queue in order, sends batches to {@code _bulk}, retries what failed for a
 * retryable reason, skips poison items, and acknowledges a batch in the queue only once every
 * item in it is settled. On stop it keeps delivering for a drain timeout; what is left is sent
 * after the restart (same ids, so the indexer answers 409 for any it already has).
 */
public final class Shipper implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Shipper.class);
  private static final long IDLE_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

  private final NodeQueue queue;
  private final BulkClient client;
  private final BulkRequestWriter writer;
  private final ShipperSettings settings;
  private final ShipperEvents events;
  private final DeadLetters deadLetters;
  private final TargetSetup setup;
  private final Thread thread;
  private volatile boolean running = true;
  private volatile long drainDeadline = Long.MAX_VALUE;

  public Shipper(NodeQueue queue, BulkClient client, BulkRequestWriter writer, ShipperSettings settings,
      ShipperEvents events, DeadLetters deadLetters, TargetSetup setup) {
    this.queue = queue;
    this.deadLetters = deadLetters;
    this.setup = setup;
    this.client = client;
    this.writer = writer;
    this.settings = settings;
    this.events = events;
    this.thread = new Thread(this::run, "trawl-ship");
  }

  public void start() {
    thread.start();
  }

  /**
   * Ships until stopped. A failure of the queue or the ack file does not end shipping: after a
   * pause the reader reopens at the last acknowledgement and sends the rest again (same ids, so
   * anything already stored answers 409).
   */
  private void run() {
    if (!prepareTarget()) {
      return;
    }
    while (running) {
      try (NodeQueue.Reader reader = queue.reader()) {
        if (shipFrom(reader)) {
          return;
        }
      } catch (IOException | RuntimeException e) {
        LOG.error("shipper failed, resuming from the last acknowledgement in 1 s: {}", e.toString(), e);
        LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(1));
      }
    }
  }

  /** @return false when stopped before the target was ready */
  private boolean prepareTarget() {
    int attempt = 0;
    while (!stopping()) {
      try {
        setup.prepare();
        return true;
      } catch (IOException | RuntimeException e) {
        long delay = Backoff.delayMillis(attempt++, 0);
        LOG.warn("shipper target not ready, nothing is sent yet; retrying in {} ms: {}", delay,
            e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(delay));
      }
    }
    return false;
  }

  /** @return true when stopped (drained, or stopped while delivering) */
  private boolean shipFrom(NodeQueue.Reader reader) throws IOException {
    while (running) {
      List<QueuedDocument> batch = fill(reader);
      if (batch.isEmpty()) {
        if (drainDeadline != Long.MAX_VALUE) {
          return true;
        }
        LockSupport.parkNanos(IDLE_PARK_NANOS);
        continue;
      }
      events.inFlight(batch);
      if (!deliver(batch)) {
        return true;
      }
      queue.acknowledge(batch.get(batch.size() - 1).index(), batch.stream().mapToLong(QueuedDocument::sizeBytes).sum());
      events.acknowledged(batch);
    }
    return true;
  }

  private List<QueuedDocument> fill(NodeQueue.Reader reader) {
    List<QueuedDocument> batch = new ArrayList<>();
    long bytes = 0;
    long lingerEnd = 0;
    while (batch.size() < settings.maxDocs() && bytes < settings.maxBytes()) {
      QueuedDocument doc = reader.next();
      if (doc != null) {
        if (batch.isEmpty()) {
          lingerEnd = System.nanoTime() + settings.linger().toNanos();
        }
        batch.add(doc);
        bytes += doc.source().length;
      } else if (batch.isEmpty() || System.nanoTime() >= lingerEnd || stopping()) {
        break;
      } else {
        LockSupport.parkNanos(IDLE_PARK_NANOS);
      }
    }
    return batch;
  }

  /** Sends until every item is delivered or skipped as poison; false when stopped first. */
  private boolean deliver(List<QueuedDocument> batch) {
    List<QueuedDocument> pending = batch;
    int attempt = 0;
    while (!pending.isEmpty()) {
      if (!running || System.nanoTime() > drainDeadline) {
        return false;
      }
      long retryAfter = 0;
      String failure;
      try {
        List<BulkItemResult> results = client.send(writer.write(pending, settings.gzip()), settings.gzip(), pending.size());
        pending = settle(pending, results);
        events.batch(pending.isEmpty() ? "success" : "partial");
        if (pending.isEmpty()) {
          return true;
        }
        failure = pending.size() + " items answered 429/5xx";
      } catch (BulkClient.RetryableException e) {
        events.batch("retryable_error");
        failure = e.getMessage();
        retryAfter = e.retryAfterSeconds().orElse(0);
      } catch (IOException e) {
        events.batch("error");
        failure = e.getMessage();
      }
      long delay = Backoff.delayMillis(attempt++, retryAfter);
      events.retry(failure, delay);
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(delay));
    }
    return true;
  }

  private List<QueuedDocument> settle(List<QueuedDocument> sent, List<BulkItemResult> results) {
    List<QueuedDocument> retry = new ArrayList<>();
    int delivered = 0;
    for (int i = 0; i < sent.size(); i++) {
      BulkItemResult result = results.get(i);
      if (result.delivered()) {
        delivered++;
      } else if (result.retryable()) {
        retry.add(sent.get(i));
      } else {
        events.poison(sent.get(i).id(), sent.get(i).source(), result.status() + " " + result.error());
        deadLetters.write(sent.get(i), result.status(), result.error());
      }
    }
    events.delivered(delivered);
    return retry;
  }

  private boolean stopping() {
    return !running || drainDeadline != Long.MAX_VALUE;
  }

  /** Delivers what is queued for up to the drain timeout, then stops. */
  @Override
  public void close() {
    drainDeadline = System.nanoTime() + settings.drainTimeout().toNanos();
    try {
      thread.join(settings.drainTimeout().toMillis() + 5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    running = false;
    LockSupport.unpark(thread);
    try {
      thread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
