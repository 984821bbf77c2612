/** The collector's own HTTP endpoints: {@code /metrics}, {@code /healthz}, {@code /readyz}. */
package dev.trawl.collector.http;
