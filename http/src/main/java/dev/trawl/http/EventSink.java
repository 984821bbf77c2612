package dev.trawl.http;

/** Where an {@link EventStream} writes its events; safe to use from any thread. */
public interface EventSink {
  /** Sends one event; a no-op once the connection is closed. */
  void send(String event, String id, String data);

  /** A comment line, which keeps idle proxies from closing the connection. */
  void comment(String text);

  boolean isOpen();

  /** False while the client reads slower than events come: a stream skips work instead of queueing it. */
  boolean isWritable();

  /** Runs once the connection is closed, by either side. */
  void onClose(Runnable action);

  void close();
}
