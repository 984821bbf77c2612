/** The indexer: wiring of the HTTP API, WAL, Lucene store and search, its config and main. */
package dev.trawl.indexer;
