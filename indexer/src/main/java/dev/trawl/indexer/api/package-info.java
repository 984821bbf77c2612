/** The Elasticsearch-compatible HTTP API on Netty: server, pipeline, routing, error rendering. */
package dev.trawl.indexer.api;
