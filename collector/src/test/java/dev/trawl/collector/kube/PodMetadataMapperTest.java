package dev.trawl.collector.kube;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodList;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PodMetadataMapperTest {
  private static Pod recorded() throws Exception {
    try (InputStream in = PodMetadataMapperTest.class.getResourceAsStream("/kube/pod-deployment.json")) {
      return Serialization.unmarshal(in, Pod.class);
    }
  }

  private static List<Pod> listed() throws Exception {
    try (InputStream in = PodMetadataMapperTest.class.getResourceAsStream("/kube/api/pods-list-1.json")) {
      return Serialization.unmarshal(in, PodList.class).getItems();
    }
  }

  @Test
  void mapsARecordedDeploymentPod() throws Exception {
    PodMetadata meta = new PodMetadataMapper(List.of("prometheus.io/scrape"), new Controllers()).map(recorded());
    assertEquals("2b8e4a55-7c1d-4b7e-8f41-0d9c2a6e1f3b", meta.uid());
    assertEquals("shop", meta.namespace());
    assertEquals("10.244.3.17", meta.ip());
    assertEquals("1.8.2", meta.labels().get("app.kubernetes.io/version"));
    assertEquals(Map.of("prometheus.io/scrape", "true"), meta.annotations(), "only allow-listed annotations");
    assertEquals(Map.of("deployment", "cart"), meta.workloads(), "ReplicaSet name minus pod-template-hash");
    PodMetadata.ContainerInfo envoy = meta.containers().get("envoy");
    assertEquals("1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f809", envoy.id());
    assertEquals("containerd", envoy.runtime());
    assertEquals("docker.io/envoyproxy/envoy:v1.31.2", envoy.image());
    assertFalse(meta.excluded());
  }

  @Test
  void namesOtherOwnersAndHonoursExclusion() throws Exception {
    Pod pod = recorded();
    pod.getMetadata().setOwnerReferences(List.of(new OwnerReferenceBuilder().withKind("StatefulSet").withName("db").build(),
        new OwnerReferenceBuilder().withKind("ReplicaSet").withName("standalone-rs").build()));
    pod.getMetadata().getAnnotations().put("trawl.dev/exclude", "true");
    PodMetadata meta = new PodMetadataMapper(List.of(), new Controllers()).map(pod);
    assertEquals(Map.of("statefulset", "db", "replicaset", "standalone-rs"), meta.workloads());
    assertTrue(meta.excluded());
    assertTrue(meta.annotations().isEmpty());
  }

  @Test
  void aTrimmedPodMapsAsTheWholeOne() throws Exception {
    PodMetadataMapper mapper = new PodMetadataMapper(List.of("prometheus.io/scrape"), new Controllers());
    for (Pod whole : listed()) {
      Pod trimmed = Trimmed.pod(Serialization.clone(whole), mapper.annotationsRead());
      assertEquals(mapper.map(whole), mapper.map(trimmed));
      assertTrue(Serialization.asJson(trimmed).length() * 3 < Serialization.asJson(whole).length(),
          "the spec, managed fields, conditions and unread annotations are most of a pod");
    }
  }
}
