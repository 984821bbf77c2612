package dev.trawl.collector.queue;

/**
 * One document read back from the node queue.
 *
 * @param index the queue index of its excerpt, acknowledged once the document is delivered
 * @param ordinal its place in that excerpt (0 in an excerpt of one document)
 * @param stream which index the document goes to
 * @param id the document's {@code _id}
 * @param source the document's JSON
 * @param queueBytes the bytes it takes in the queue's accounting: its id and own bytes, and for
 *     the first of a batch the tail the batch's documents share
 */
public record QueuedDocument(long index, int ordinal, Stream stream, String id, byte[] source, long queueBytes) {}
