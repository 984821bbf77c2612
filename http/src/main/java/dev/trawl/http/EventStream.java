package dev.trawl.http;

/**
 * The body of a response that stays open and sends Server-Sent Events ({@code text/event-stream})
 * until the client goes away or the stream closes its sink. {@link #open} is called once the
 * headers are out, on the connection's event loop: it must hand its work to another thread.
 */
@FunctionalInterface
public interface EventStream {
  void open(EventSink sink);
}
