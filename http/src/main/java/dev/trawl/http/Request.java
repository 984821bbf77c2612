package dev.trawl.http;

import java.util.Map;

/**
 * One HTTP request, aggregated and decompressed.
 *
 * @param path the decoded path without the query string
 * @param params query parameters (the last value wins)
 * @param headers header names in lower case (the last value wins)
 */
public record Request(String method, String path, Map<String, String> params, Map<String, String> headers,
    byte[] body) {

  public String header(String name) {
    return headers.get(name.toLowerCase(java.util.Locale.ROOT));
  }
}
