/** Shipping from the node queue to an Elasticsearch-compatible {@code _bulk} endpoint. */
package dev.trawl.collector.ship;
