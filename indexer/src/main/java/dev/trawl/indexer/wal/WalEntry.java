package dev.trawl.indexer.wal;

/**
 * One document as logged before it is acknowledged.
 *
 * @param position the WAL index
 * @param create true for {@code create} (keep the first), false for {@code index} (replace)
 */
public record WalEntry(long position, String stream, String id, boolean create, byte[] source) {}
