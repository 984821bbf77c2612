package dev.trawl.indexer.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trawl.http.Response;

/** Renders an {@link EsException} as Elasticsearch does. */
public final class ErrorResponses {
  private static final ObjectMapper JSON = new ObjectMapper();

  private ErrorResponses() {}

  public static Response of(EsException e) {
    ObjectNode root = JSON.createObjectNode();
    ObjectNode error = root.putObject("error");
    ObjectNode cause = error.putArray("root_cause").addObject();
    cause.put("type", e.type());
    cause.put("reason", e.getMessage());
    error.put("type", e.type());
    error.put("reason", e.getMessage());
    root.put("status", e.status());
    try {
      return Response.json(e.status(), JSON.writeValueAsBytes(root));
    } catch (com.fasterxml.jackson.core.JsonProcessingException impossible) {
      throw new IllegalStateException(impossible);
    }
  }
}
