package dev.trawl.queryui.kubeauth;

import java.util.List;
import java.util.Map;

/** An authenticated user as Kubernetes names it, passed on unchanged to SubjectAccessReview. */
public record Identity(String user, List<String> groups, Map<String, List<String>> extra) {
  public Identity {
    groups = List.copyOf(groups);
    extra = Map.copyOf(extra);
  }
}
