package dev.trawl.collector.queue;

/**
 * One document read back from the node queue.
 *
 * @param index the queue index, acknowledged once the document is delivered
 * @param stream which index the document goes to
 * @param id the document's {@code _id}
 * @param source the document's JSON
 */
public record QueuedDocument(long index, Stream stream, String id, byte[] source) {

  /** The bytes it takes in the queue's accounting: id and source. */
  public long sizeBytes() {
    return id.length() + source.length;
  }
}
