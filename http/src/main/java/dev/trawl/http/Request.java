package dev.trawl.http;

import java.net.InetAddress;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;

/**
 * One HTTP request, aggregated and decompressed.
 *
 * @param path the decoded path without the query string
 * @param params query parameters (the last value wins)
 * @param headers header names in lower case; a repeated header's values joined by commas
 * @param clientCertificates the chain a TLS client presented and the server verified, leaf first;
 *     empty over plain HTTP or when the client sent none
 * @param remote the address of the peer that connected (a proxy's, when one is in front)
 */
public record Request(String method, String path, Map<String, String> params, Map<String, String> headers,
    byte[] body, List<X509Certificate> clientCertificates, InetAddress remote) {

  public String header(String name) {
    return headers.get(name.toLowerCase(java.util.Locale.ROOT));
  }
}
