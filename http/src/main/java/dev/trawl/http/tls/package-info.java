/**
 * TLS on every hop: server contexts from PEM files (or a generated certificate for the metrics APIs,
 * as other aggregated API servers do), client contexts trusting a custom CA and presenting a client
 * certificate for mutual TLS.
 */
package dev.trawl.http.tls;
