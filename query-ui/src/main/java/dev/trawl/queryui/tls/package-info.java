/** TLS for the metrics APIs: the configured certificate, or a generated one as other aggregated API servers do. */
package dev.trawl.queryui.tls;
