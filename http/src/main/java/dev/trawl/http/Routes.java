package dev.trawl.http;

/** A component's request handling. Called on a worker thread, never the event loop; may block. */
@FunctionalInterface
public interface Routes {
  Response handle(Request request) throws Exception;
}
