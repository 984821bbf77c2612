package dev.trawl.queryui.metricsapi;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** The discovery documents ({@code APIGroupList}, {@code APIGroup}, {@code APIResourceList}) of the two groups. */
final class Discovery {
  static final String CUSTOM_GROUP = "custom.metrics.k8s.io";
  static final String CUSTOM_VERSION = "v1beta2";
  static final String EXTERNAL_GROUP = "external.metrics.k8s.io";
  static final String EXTERNAL_VERSION = "v1beta1";

  private static final ObjectMapper JSON = new ObjectMapper();

  private Discovery() {}

  static ObjectNode groupList() {
    ObjectNode list = JSON.createObjectNode();
    list.put("kind", "APIGroupList");
    list.put("apiVersion", "v1");
    ArrayNode groups = list.putArray("groups");
    groups.add(group(CUSTOM_GROUP, CUSTOM_VERSION));
    groups.add(group(EXTERNAL_GROUP, EXTERNAL_VERSION));
    return list;
  }

  static ObjectNode group(String name, String version) {
    ObjectNode group = JSON.createObjectNode();
    group.put("kind", "APIGroup");
    group.put("apiVersion", "v1");
    group.put("name", name);
    ObjectNode gv = JSON.createObjectNode().put("groupVersion", name + "/" + version).put("version", version);
    group.putArray("versions").add(gv);
    group.set("preferredVersion", gv.deepCopy());
    return group;
  }

  static ObjectNode customResources() {
    return resourceList(CUSTOM_GROUP + "/" + CUSTOM_VERSION,
        PodMetrics.NAMES.stream().map(n -> "pods/" + n).toList(), "MetricValueList");
  }

  static ObjectNode externalResources() {
    return resourceList(EXTERNAL_GROUP + "/" + EXTERNAL_VERSION, List.of(QueryRate.NAME), "ExternalMetricValueList");
  }

  private static ObjectNode resourceList(String groupVersion, List<String> names, String kind) {
    ObjectNode list = JSON.createObjectNode();
    list.put("kind", "APIResourceList");
    list.put("apiVersion", "v1");
    list.put("groupVersion", groupVersion);
    ArrayNode resources = list.putArray("resources");
    for (String name : names) {
      ObjectNode r = resources.addObject();
      r.put("name", name);
      r.put("singularName", "");
      r.put("namespaced", true);
      r.put("kind", kind);
      r.putArray("verbs").add("get");
    }
    return list;
  }
}
