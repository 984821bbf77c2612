package dev.trawl.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.trawl.collector.CollectorConfig;
import dev.trawl.config.ConfigKey;
import dev.trawl.config.ConfigLoader;
import dev.trawl.indexer.IndexerConfig;
import dev.trawl.queryui.QueryUiConfig;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestTest {
  /** Every permission the manifests grant, with the reason; adding one without a reason here fails. */
  private static final Map<String, String> GRANTS = Map.of(
      "trawl-collector: /pods get,list,watch", "enrich records from this node's pods",
      "trawl-collector: /namespaces get,list,watch", "namespace labels on records",
      "trawl-collector: apps/replicasets get,list,watch", "name a pod's Deployment",
      "trawl-collector: batch/jobs get,list,watch", "name a Job's CronJob",
      "trawl-query-ui: authentication.k8s.io/tokenreviews create", "check users' tokens",
      "trawl-query-ui: authorization.k8s.io/subjectaccessreviews create", "check what users may read");

  private static List<HasMetadata> objects;

  @TempDir Path dir;

  @BeforeAll
  static void render() throws Exception {
    assumeTrue(RenderedManifests.kubectlAvailable(), "kubectl is not installed");
    objects = RenderedManifests.render();
  }

  private static PodSpec pod(String kind, String name) {
    return switch (kind) {
      case "DaemonSet" -> RenderedManifests.one(objects, DaemonSet.class, name).getSpec().getTemplate().getSpec();
      case "StatefulSet" -> RenderedManifests.one(objects, StatefulSet.class, name).getSpec().getTemplate().getSpec();
      default -> RenderedManifests.one(objects, Deployment.class, name).getSpec().getTemplate().getSpec();
    };
  }

  private static final List<String[]> WORKLOADS = List.of(new String[] {"DaemonSet", "trawl-collector"},
      new String[] {"StatefulSet", "trawl-indexer"}, new String[] {"Deployment", "trawl-query-ui"});

  @Test
  void everythingLivesInTrawlSystem() {
    for (HasMetadata o : objects) {
      if (!o.getKind().startsWith("Cluster") && !o.getKind().equals("Namespace")) {
        assertEquals("trawl-system", o.getMetadata().getNamespace(), o.getKind() + " " + o.getMetadata().getName());
      }
    }
  }

  @Test
  void everyContainerIsLockedDown() {
    for (String[] w : WORKLOADS) {
      PodSpec spec = pod(w[0], w[1]);
      assertEquals("RuntimeDefault", spec.getSecurityContext().getSeccompProfile().getType(), w[1]);
      List<Container> all = new ArrayList<>(spec.getContainers());
      all.addAll(spec.getInitContainers());
      for (Container c : all) {
        String where = w[1] + "/" + c.getName();
        var sc = c.getSecurityContext();
        assertNotNull(sc, where);
        assertEquals(false, sc.getAllowPrivilegeEscalation(), where);
        assertEquals(true, sc.getReadOnlyRootFilesystem(), where);
        assertEquals(List.of("ALL"), sc.getCapabilities().getDrop(), where);
        assertNotNull(c.getResources().getRequests().get("memory"), where);
        assertNotNull(c.getResources().getLimits().get("memory"), where);
        assertNotNull(c.getResources().getLimits().get("cpu"), where);
        List<String> added = sc.getCapabilities().getAdd() == null ? List.of() : sc.getCapabilities().getAdd();
        if (c.getName().equals("state-owner")) {
          assertEquals(List.of("CHOWN"), added, "the init container only hands the state directory over");
          assertEquals(List.of("chown", "10001:10001", "/var/lib/trawl"), c.getCommand());
        } else {
          assertEquals(true, sc.getRunAsNonRoot(), where);
          assertEquals(10001L, sc.getRunAsUser(), where);
          assertEquals(c.getName().equals("collector") ? List.of("DAC_READ_SEARCH") : List.of(), added, where);
          assertNotNull(c.getLivenessProbe(), where);
          assertNotNull(c.getReadinessProbe(), where);
        }
      }
    }
  }

  @Test
  void theCollectorReadsHostPathsReadOnlyAndKeepsItsStateOnTheNode() {
    DaemonSet ds = RenderedManifests.one(objects, DaemonSet.class, "trawl-collector");
    PodSpec spec = ds.getSpec().getTemplate().getSpec();
    Container c = spec.getContainers().get(0);
    Map<String, VolumeMount> mounts = new java.util.HashMap<>();
    c.getVolumeMounts().forEach(m -> mounts.put(m.getMountPath(), m));
    for (String path : List.of("/var/log/pods", "/var/log/containers", "/sys/fs/cgroup")) {
      assertEquals(true, mounts.get(path).getReadOnly(), path);
      Volume v = spec.getVolumes().stream().filter(x -> x.getName().equals(mounts.get(path).getName())).findFirst().orElseThrow();
      assertEquals(path, v.getHostPath().getPath());
    }
    Volume state = spec.getVolumes().stream().filter(x -> x.getName().equals("state")).findFirst().orElseThrow();
    assertEquals("/var/lib/trawl", state.getHostPath().getPath(), "checkpoints and queue survive pod restarts");
    assertFalse(Boolean.TRUE.equals(mounts.get("/var/lib/trawl").getReadOnly()));
    var nodeName = c.getEnv().stream().filter(e -> e.getName().equals("NODE_NAME")).findFirst().orElseThrow();
    assertEquals("spec.nodeName", nodeName.getValueFrom().getFieldRef().getFieldPath());
    assertEquals("Exists", spec.getTolerations().get(0).getOperator());
    assertEquals("system-node-critical", spec.getPriorityClassName());
    assertEquals("/readyz", c.getReadinessProbe().getHttpGet().getPath());
    assertEquals(2020, c.getPorts().get(0).getContainerPort());
    assertEquals("RollingUpdate", ds.getSpec().getUpdateStrategy().getType());
    assertEquals("true", ds.getSpec().getTemplate().getMetadata().getAnnotations().get("prometheus.io/scrape"));
  }

  @Test
  void rbacGrantsOnlyWhatIsListedWithAReason() {
    Set<String> granted = new TreeSet<>();
    for (HasMetadata o : objects) {
      if (o instanceof ClusterRole role) {
        role.getRules().forEach(rule -> rule.getApiGroups().forEach(group -> rule.getResources().forEach(resource ->
            granted.add(role.getMetadata().getName() + ": " + group + "/" + resource + " " + String.join(",", rule.getVerbs())))));
      }
    }
    assertEquals(new TreeSet<>(GRANTS.keySet()), granted);
    assertTrue(objects.stream().noneMatch(o -> o.getKind().equals("Role") || o.getKind().equals("RoleBinding")));
  }

  @Test
  void theShippedConfigFilesLoadWithTheComponentsOwnKeys() throws Exception {
    Map<String, List<ConfigKey<?>>> keys = Map.of("collector.yaml", CollectorConfig.KEYS,
        "indexer.yaml", IndexerConfig.KEYS, "query-ui.yaml", QueryUiConfig.KEYS);
    int checked = 0;
    for (HasMetadata o : objects) {
      if (o instanceof ConfigMap cm) {
        for (var entry : cm.getData().entrySet()) {
          Path file = Files.writeString(dir.resolve(entry.getKey()), entry.getValue());
          new ConfigLoader(keys.get(entry.getKey())).load(file, Map.of());
          checked++;
        }
      }
    }
    assertEquals(3, checked);
  }

  @Test
  void theImagesBuildEachComponentAsANonRootUser() throws Exception {
    String dockerfile = Files.readString(Path.of("images", "Dockerfile"));
    for (String target : List.of("collector", "indexer", "query-ui")) {
      assertTrue(dockerfile.contains("AS " + target + "\n"), target);
    }
    assertTrue(dockerfile.contains("jlink "), "a jlink runtime");
    assertTrue(dockerfile.contains("setcap cap_dac_read_search+ep /opt/jre/bin/java"), "the collector's file capability");
    assertEquals(3, dockerfile.split("USER 10001:10001", -1).length - 1, "every target runs as 10001");
    String pom = Files.readString(Path.of("..", "pom.xml"));
    String flags = pom.substring(pom.indexOf("<chronicle.jvm.flags>") + 21, pom.indexOf("</chronicle.jvm.flags>"));
    for (String flag : flags.split(" ")) {
      assertEquals(3, dockerfile.split(java.util.regex.Pattern.quote("\"" + flag + "\""), -1).length - 1,
          "every entrypoint carries " + flag);
    }
  }
}
