/** The {@code _bulk} protocol: streaming NDJSON parsing into items, and the per-item response. */
package dev.trawl.indexer.bulk;
