/** The write-ahead log: every accepted document is in it before it is acknowledged; replayed on start. */
package dev.trawl.indexer.wal;
