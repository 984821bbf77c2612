package dev.trawl.queryui.metricsapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trawl.http.Request;
import dev.trawl.http.Response;
import dev.trawl.http.Routes;
import dev.trawl.queryui.api.IndexerClient;
import dev.trawl.queryui.kubeauth.AccessReviewer;
import dev.trawl.queryui.kubeauth.DelegatedAuthenticator;
import dev.trawl.queryui.kubeauth.Identity;
import dev.trawl.queryui.saved.SavedSearches;
import io.fabric8.kubernetes.api.model.authorization.v1.NonResourceAttributesBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.ResourceAttributesBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import java.io.IOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the HPA's metrics APIs. With an authenticator, every request but the health checks must
 * prove an identity (401 otherwise) that SubjectAccessReview allows (403 otherwise), exactly the
 * checks an aggregated API server makes; without one (auth.mode none, loopback) they are open.
 * {@code /metrics} is here too, behind the same checks (the path {@code /metrics}, verb get), as
 * the cluster's own components serve theirs.
 */
public final class MetricsApiRoutes implements Routes {
  private static final Logger LOG = LoggerFactory.getLogger(MetricsApiRoutes.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String CUSTOM = "/apis/" + Discovery.CUSTOM_GROUP + "/" + Discovery.CUSTOM_VERSION;
  private static final String EXTERNAL = "/apis/" + Discovery.EXTERNAL_GROUP + "/" + Discovery.EXTERNAL_VERSION;

  private final PodMetrics pods;
  private final QueryRate queryRate;
  private final DelegatedAuthenticator authenticator;
  private final AccessReviewer access;
  private final PrometheusMeterRegistry registry;

  /** @param authenticator null (with {@code access}) to serve everyone */
  public MetricsApiRoutes(IndexerClient indexer, String logIndex, String metricIndex, SavedSearches saved, DelegatedAuthenticator authenticator, AccessReviewer access,
      PrometheusMeterRegistry registry) {
    this.pods = new PodMetrics(indexer, logIndex, metricIndex);
    this.queryRate = new QueryRate(indexer, logIndex, saved);
    this.authenticator = authenticator;
    this.access = access;
    this.registry = registry;
  }

  @Override
  public Response handle(Request r) throws Exception {
    String path = r.path();
    if (path.equals("/healthz") || path.equals("/livez") || path.equals("/readyz")) {
      return Response.text(200, "ok");
    }
    String outcome = "ok";
    try {
      if (!r.method().equals("GET")) {
        throw new KubeApiException(405, "MethodNotAllowed", r.method() + " is not supported on " + path + "; the metrics APIs are read-only");
      }
      if (path.equals("/metrics")) {
        authorize(authenticate(r), path);
        return Response.prometheus(registry.scrape());
      }
      JsonNode body = route(r, path.endsWith("/") && path.length() > 1 ? path.substring(0, path.length() - 1) : path);
      return Response.json(200, JSON.writeValueAsBytes(body));
    } catch (KubeApiException e) {
      outcome = Integer.toString(e.code());
      return status(e.code(), e.reason(), e.getMessage());
    } catch (KubernetesClientException e) {
      outcome = "503";
      LOG.warn("metrics api cannot check access with the Kubernetes API: {}", e.getMessage());
      return status(503, "ServiceUnavailable", "cannot check access with the Kubernetes API: " + e.getMessage());
    } finally {
      Counter.builder("trawl.queryui.metrics.api.requests").tag("code", outcome)
          .description("Requests to the custom and external metrics APIs").register(registry).increment();
    }
  }

  private JsonNode route(Request r, String path) {
    String[] parts = path.substring(1).split("/");
    Identity who = authenticate(r);
    // /apis/<group>/<version>/namespaces/<ns>/pods/<name>/<metric> and /apis/<group>/<version>/namespaces/<ns>/<metric>
    if (path.startsWith(CUSTOM + "/namespaces/") && parts.length == 8) {
      String namespace = parts[4];
      String resource = parts[5];
      String name = parts[6];
      String metric = parts[7];
      authorize(who, namespace, Discovery.CUSTOM_GROUP, Discovery.CUSTOM_VERSION, resource, name, metric);
      if (!resource.equals("pods")) {
        throw KubeApiException.notFound("the server could not find the metric " + metric + " for " + resource
            + "; metrics are served for pods only");
      }
      String metricSelector = r.params().get("metricLabelSelector");
      if (metricSelector != null && !metricSelector.isBlank()) {
        throw KubeApiException.badRequest("metricLabelSelector '" + metricSelector + "' cannot match: the per-pod metrics "
            + "carry no labels; remove the selector from the HPA's metric");
      }
      return customValues(namespace, name, metric, LabelSelector.parse(r.params().get("labelSelector")));
    }
    if (path.startsWith(EXTERNAL + "/namespaces/") && parts.length == 6) {
      String namespace = parts[4];
      String metric = parts[5];
      authorize(who, namespace, Discovery.EXTERNAL_GROUP, Discovery.EXTERNAL_VERSION, metric, null, null);
      if (!metric.equals(QueryRate.NAME)) {
        throw KubeApiException.notFound("the server could not find the external metric " + metric + "; it serves "
            + QueryRate.NAME);
      }
      return externalValue(namespace, LabelSelector.parse(r.params().get("labelSelector")));
    }
    authorize(who, path);
    return switch (path) {
      case "/apis" -> Discovery.groupList();
      case "/apis/" + Discovery.CUSTOM_GROUP -> Discovery.group(Discovery.CUSTOM_GROUP, Discovery.CUSTOM_VERSION);
      case "/apis/" + Discovery.EXTERNAL_GROUP -> Discovery.group(Discovery.EXTERNAL_GROUP, Discovery.EXTERNAL_VERSION);
      case CUSTOM -> Discovery.customResources();
      case EXTERNAL -> Discovery.externalResources();
      default -> throw KubeApiException.notFound("the server could not find the requested resource " + path);
    };
  }

  private JsonNode customValues(String namespace, String pod, String metric, LabelSelector selector) {
    Map<String, Double> values = pods.values(metric, namespace, pod, selector);
    if (!pod.equals("*") && values.isEmpty()) {
      throw KubeApiException.notFound("the server could not find the metric " + metric + " for pods " + pod
          + " in namespace " + namespace + " (no data in the last " + PodMetrics.WINDOW_SECONDS + " s)");
    }
    String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    ObjectNode list = JSON.createObjectNode();
    list.put("kind", "MetricValueList");
    list.put("apiVersion", Discovery.CUSTOM_GROUP + "/" + Discovery.CUSTOM_VERSION);
    list.putObject("metadata");
    ArrayNode items = list.putArray("items");
    values.forEach((name, value) -> {
      ObjectNode item = items.addObject();
      ObjectNode described = item.putObject("describedObject");
      described.put("kind", "Pod");
      described.put("namespace", namespace);
      described.put("name", name);
      described.put("apiVersion", "/v1");
      item.putObject("metric").put("name", metric).putNull("selector");
      item.put("timestamp", now);
      item.put("windowSeconds", PodMetrics.WINDOW_SECONDS);
      item.put("value", Quantity.of(value));
    });
    return list;
  }

  private JsonNode externalValue(String namespace, LabelSelector selector) {
    double value = queryRate.value(namespace, selector);
    ObjectNode list = JSON.createObjectNode();
    list.put("kind", "ExternalMetricValueList");
    list.put("apiVersion", Discovery.EXTERNAL_GROUP + "/" + Discovery.EXTERNAL_VERSION);
    list.putObject("metadata");
    ObjectNode item = list.putArray("items").addObject();
    item.put("metricName", QueryRate.NAME);
    ObjectNode labels = item.putObject("metricLabels");
    selector.requirements().stream().filter(req -> req.operator() == LabelSelector.Operator.EQUALS)
        .forEach(req -> labels.put(req.key(), req.values().get(0)));
    item.put("timestamp", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
    item.put("window", PodMetrics.WINDOW_SECONDS);
    item.put("value", Quantity.of(value));
    return list;
  }

  private Identity authenticate(Request r) {
    if (authenticator == null) {
      return null;
    }
    Optional<Identity> who = authenticator.authenticate(r);
    if (who.isEmpty()) {
      throw new KubeApiException(401, "Unauthorized", "Unauthorized");
    }
    return who.get();
  }

  private void authorize(Identity who, String namespace, String group, String version, String resource, String name,
      String subresource) {
    if (who != null && !access.allowed(who, new ResourceAttributesBuilder().withNamespace(namespace)
        .withVerb(name == null ? "list" : "get").withGroup(group).withVersion(version).withResource(resource)
        .withName(name).withSubresource(subresource).build())) {
      throw forbidden(who, (name == null ? "list" : "get") + " resource \"" + resource
          + (subresource == null ? "" : "/" + subresource) + "\" in API group \"" + group + "\" in the namespace \""
          + namespace + "\"");
    }
  }

  private void authorize(Identity who, String path) {
    if (who != null && !access.allowed(who, new NonResourceAttributesBuilder().withPath(path).withVerb("get").build())) {
      throw forbidden(who, "get path \"" + path + "\"");
    }
  }

  private static KubeApiException forbidden(Identity who, String what) {
    return new KubeApiException(403, "Forbidden", "User \"" + who.user() + "\" cannot " + what);
  }

  private static Response status(int code, String reason, String message) throws IOException {
    ObjectNode status = JSON.createObjectNode();
    status.put("kind", "Status");
    status.put("apiVersion", "v1");
    status.putObject("metadata");
    status.put("status", "Failure");
    status.put("message", message);
    status.put("reason", reason);
    status.put("code", code);
    return Response.json(code, JSON.writeValueAsBytes(status));
  }
}
