package dev.trawl.launcher.demo;

import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A Kubernetes API stand-in on loopback that stores objects and serves list and watch (fabric8's
 * CRUD mock server), loaded with the demo's namespaces and pods. The collector talks to it with
 * the same informer code it uses against a real API server; the demo's ReplicaSets and Jobs are
 * there too, so records name their Deployments and CronJobs as in a cluster.
 */
public final class StandInApi implements AutoCloseable {
  /** Held so the level sticks: the mock server logs every request through java.util.logging. */
  private static final Logger MOCK_SERVER_LOG = Logger.getLogger("io.fabric8.mockwebserver");

  private final KubernetesMockServer server;
  private final KubernetesClient client;
  private final List<DemoPod> pods = new java.util.ArrayList<>();

  public StandInApi(String nodeName, List<DemoPod> pods) {
    MOCK_SERVER_LOG.setLevel(Level.WARNING);
    server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
        NodeAwareCrudDispatcher.create(), false);
    server.init(InetAddress.getLoopbackAddress(), 0);
    client = server.createClient();
    for (String ns : DemoPods.NAMESPACES) {
      client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns)
          .withLabels(Map.of("kubernetes.io/metadata.name", ns, "team", ns.equals("shop") ? "commerce" : "platform"))
          .endMetadata().build()).create();
    }
    for (DemoPod pod : pods) {
      Pod stored = client.pods().inNamespace(pod.namespace()).resource(pod(pod, nodeName)).create();
      this.pods.add(pod.withUid(stored.getMetadata().getUid()));
    }
    pods.stream().filter(p -> p.ownerKind().equals("ReplicaSet") || p.ownerKind().equals("Job"))
        .map(p -> List.of(p.namespace(), p.ownerKind(), p.ownerName(), p.container())).distinct()
        .forEach(owner -> createOwner(owner.get(0), owner.get(1), owner.get(2), owner.get(3)));
  }

  /** The ReplicaSet or Job a demo pod names, controlled by the Deployment or CronJob named after its app. */
  private void createOwner(String namespace, String kind, String name, String app) {
    var meta = new ObjectMetaBuilder().withName(name).withNamespace(namespace)
        .addNewOwnerReference().withApiVersion(kind.equals("Job") ? "batch/v1" : "apps/v1")
        .withKind(kind.equals("Job") ? "CronJob" : "Deployment").withName(app).withUid(name + "-controller")
        .withController(true).endOwnerReference().build();
    if (kind.equals("Job")) {
      client.batch().v1().jobs().inNamespace(namespace).resource(new JobBuilder().withMetadata(meta).build()).create();
    } else {
      client.apps().replicaSets().inNamespace(namespace).resource(new ReplicaSetBuilder().withMetadata(meta).build()).create();
    }
  }

  /** The pods as stored: the API assigns each its uid, which kubelet's log paths then carry. */
  public List<DemoPod> pods() {
    return List.copyOf(pods);
  }

  static Pod pod(DemoPod pod, String nodeName) {
    return new PodBuilder()
        .withNewMetadata().withName(pod.name()).withNamespace(pod.namespace()).withUid(pod.uid())
        .withLabels(pod.labels())
        .withAnnotations(pod.style() == DemoPod.LogStyle.JAVA
            ? Map.of("trawl.dev/parser", "auto", "trawl.dev/multiline", "java") : Map.of("trawl.dev/parser", "auto"))
        .addNewOwnerReference().withApiVersion(pod.ownerKind().equals("Job") ? "batch/v1" : "apps/v1")
        .withKind(pod.ownerKind()).withName(pod.ownerName()).withUid(pod.uid() + "-owner").withController(true)
        .endOwnerReference()
        .endMetadata()
        .withNewSpec().withNodeName(nodeName).addNewContainer().withName(pod.container()).withImage(pod.image())
        .endContainer().endSpec()
        .withNewStatus().withPhase("Running").withPodIP(pod.ip())
        .withContainerStatuses(new ContainerStatusBuilder().withName(pod.container()).withImage(pod.image())
            .withContainerID("containerd://" + pod.containerId()).withReady(true).build())
        .endStatus()
        .build();
  }

  /** The API's base URL, for {@code kube.url}. */
  public String url() {
    return server.url("/");
  }

  /** A client of the stand-in, to change pods while the demo runs. */
  public KubernetesClient client() {
    return client;
  }

  @Override
  public void close() {
    client.close();
    server.destroy();
  }
}
