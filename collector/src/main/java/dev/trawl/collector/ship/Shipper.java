package dev.trawl.collector.ship;

import dev.trawl.collector.queue.NodeQueue;
import dev.trawl.collector.queue.QueuedDocument;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the node queue in order, sends batches to {@code _bulk} with up to {@link
 * ShipperSettings#maxInFlight()} requests at once, retries what failed for a retryable reason,
 * skips poison items, and acknowledges batches in the queue in queue order, each only once every
 * item in it and in every batch before it is settled. On stop it keeps delivering for a drain
 * timeout; what is left is sent after the restart (same ids, so the indexer answers 409 for any
 * it already has).
 */
public final class Shipper implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Shipper.class);
  private static final long IDLE_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
  /** A partly filled batch this large is sent at once when nothing is in flight. */
  private static final int EAGER_BATCH_DOCS = 500;

  private final NodeQueue queue;
  private final BulkClient client;
  private final BulkRequestWriter writer;
  private final ShipperSettings settings;
  private final ShipperEvents events;
  private final DeadLetters deadLetters;
  private final TargetSetup setup;
  private final Thread thread;
  private final ExecutorService senders;
  private volatile boolean running = true;
  private volatile long drainDeadline = Long.MAX_VALUE;

  /** A batch handed to a sender; {@code delivered} completes false when it was given up (stop or reader failure). */
  private record InFlight(List<QueuedDocument> batch, CompletableFuture<Boolean> delivered) {}

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
    AtomicInteger senderNumber = new AtomicInteger();
    this.senders = Executors.newFixedThreadPool(settings.maxInFlight(), task -> {
      Thread sender = new Thread(task, "trawl-ship-send-" + senderNumber.incrementAndGet());
      sender.setDaemon(true);
      return sender;
    });
  }

  public void start() {
    thread.start();
  }

  /**
   * Ships until stopped. A failure of the queue or the ack file does not end shipping: the batches
   * in flight are given up, and after a pause the reader reopens at the last acknowledgement and
   * sends the rest again (same ids, so anything already stored answers 409).
   */
  private void run() {
    if (!prepareTarget()) {
      return;
    }
    while (running) {
      ArrayDeque<InFlight> inFlight = new ArrayDeque<>();
      AtomicBoolean giveUp = new AtomicBoolean(); // tells the senders of this reader's batches to stop retrying
      try (NodeQueue.Reader reader = queue.reader()) {
        if (shipFrom(reader, inFlight, giveUp)) {
          return;
        }
      } catch (IOException | RuntimeException e) {
        LOG.error("shipper failed, resuming from the last acknowledgement in 1 s: {}", e.toString(), e);
        giveUp.set(true);
        inFlight.forEach(f -> f.delivered().join());
        events.oldestUnacknowledged(null);
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
  private boolean shipFrom(NodeQueue.Reader reader, ArrayDeque<InFlight> inFlight, AtomicBoolean giveUp)
      throws IOException {
    Filling filling = new Filling();
    while (running) {
      if (!acknowledgeSettled(inFlight)) {
        return true;
      }
      boolean full = filling.readFrom(reader);
      // caught up with the queue and nothing in flight: a batch of some size goes now rather than
      // after the linger, so at a steady high rate batches stay small and delay low, while a
      // backlog still goes out in full batches and a trickle still waits to be batched
      boolean eager = inFlight.isEmpty() && filling.docs.size() >= EAGER_BATCH_DOCS;
      if (!filling.docs.isEmpty() && inFlight.size() < settings.maxInFlight()
          && (full || eager || System.nanoTime() >= filling.lingerEnd || stopping())) {
        List<QueuedDocument> batch = filling.take();
        inFlight.add(new InFlight(batch, CompletableFuture.supplyAsync(() -> deliver(batch, giveUp), senders)));
        if (inFlight.size() == 1) {
          events.oldestUnacknowledged(batch.get(0));
        }
      } else if (!inFlight.isEmpty()) {
        awaitBriefly(inFlight.peekFirst().delivered());
      } else if (filling.docs.isEmpty() && drainDeadline != Long.MAX_VALUE) {
        return true;
      } else {
        LockSupport.parkNanos(IDLE_PARK_NANOS);
      }
    }
    return true;
  }

  /** The batch being filled, up to the size limits; a partly filled one waits for the linger time. */
  private final class Filling {
    private List<QueuedDocument> docs = new ArrayList<>();
    private long bytes;
    private long lingerEnd;

    /** Reads what the queue holds into the batch; true when the batch is full. */
    boolean readFrom(NodeQueue.Reader reader) {
      while (docs.size() < settings.maxDocs() && bytes < settings.maxBytes()) {
        QueuedDocument doc = reader.next();
        if (doc == null) {
          return false;
        }
        if (docs.isEmpty()) {
          lingerEnd = System.nanoTime() + settings.linger().toNanos();
        }
        docs.add(doc);
        bytes += doc.source().length;
      }
      return true;
    }

    List<QueuedDocument> take() {
      List<QueuedDocument> batch = docs;
      docs = new ArrayList<>();
      bytes = 0;
      return batch;
    }
  }

  /**
   * Acknowledges the leading batches whose delivery finished, in queue order.
   *
   * @return false when a batch was given up (stopping): nothing after it is acknowledged
   */
  private boolean acknowledgeSettled(ArrayDeque<InFlight> inFlight) throws IOException {
    while (!inFlight.isEmpty() && inFlight.peekFirst().delivered().isDone()) {
      InFlight head = inFlight.pollFirst();
      if (!head.delivered().join()) {
        return false;
      }
      List<QueuedDocument> batch = head.batch();
      queue.acknowledge(batch.get(batch.size() - 1), batch.size(),
          batch.stream().mapToLong(QueuedDocument::queueBytes).sum());
      events.acknowledged(batch);
      events.oldestUnacknowledged(inFlight.isEmpty() ? null : inFlight.peekFirst().batch().get(0));
    }
    return true;
  }

  private static void awaitBriefly(CompletableFuture<Boolean> delivery) {
    try {
      delivery.get(IDLE_PARK_NANOS, TimeUnit.NANOSECONDS);
    } catch (TimeoutException | ExecutionException e) {
      // settled (or not yet) either way: the caller looks again
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Sends until every item is delivered or skipped as poison; false when stopped or given up first. */
  private boolean deliver(List<QueuedDocument> batch, AtomicBoolean giveUp) {
    List<QueuedDocument> pending = batch;
    int attempt = 0;
    while (!pending.isEmpty()) {
      if (!running || giveUp.get() || System.nanoTime() > drainDeadline) {
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
      } catch (IOException | RuntimeException e) {
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
    // a sender still waiting out a backoff is woken; one writing a dead letter is let finish,
    // as an interrupt there would close the file's channel
    senders.shutdown();
    try {
      if (!senders.awaitTermination(2, TimeUnit.SECONDS)) {
        senders.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
