/**
 * The Netty HTTP server the indexer and the query UI share: bootstrap, pipeline (decompression,
 * aggregation with a body limit, keep-alive, response compression) and a handler that runs routes
 * off the event loop while keeping each connection's responses in request order.
 */
package dev.trawl.http;
