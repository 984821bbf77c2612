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
import dev.trawl.queryui.saved.SavedSearches;
import io.fabric8.kubernetes.api.model.APIService;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import java.nio.charset.StandardCharsets;
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
      "trawl-query-ui: authorization.k8s.io/subjectaccessreviews create", "check what users may read",
      "kube-system/trawl-query-ui-auth-reader: Role extension-apiserver-authentication-reader",
      "read the front-proxy CA, to recognise the aggregation layer's requests for the HPA");

  private static List<HasMetadata> objects;
  private static List<HasMetadata> overlay;

  @TempDir Path dir;

  @BeforeAll
  static void render() throws Exception {
    assumeTrue(RenderedManifests.kubectlAvailable(), "kubectl is not installed");
    objects = RenderedManifests.render(RenderedManifests.BASE);
    overlay = RenderedManifests.render(RenderedManifests.EXAMPLE_OVERLAY);
  }

  private static PodSpec pod(List<HasMetadata> objects, String kind, String name) {
    return switch (kind) {
      case "DaemonSet" -> RenderedManifests.one(objects, DaemonSet.class, name).getSpec().getTemplate().getSpec();
      case "StatefulSet" -> RenderedManifests.one(objects, StatefulSet.class, name).getSpec().getTemplate().getSpec();
      default -> RenderedManifests.one(objects, Deployment.class, name).getSpec().getTemplate().getSpec();
    };
  }

  private static final List<String[]> WORKLOADS = List.of(new String[] {"DaemonSet", "trawl-collector"},
      new String[] {"StatefulSet", "trawl-indexer"}, new String[] {"Deployment", "trawl-query-ui"});

  private static final Set<String> CLUSTER_SCOPED = Set.of("Namespace", "ClusterRole", "ClusterRoleBinding", "APIService");

  @Test
  void everythingLivesInTrawlSystemButTheAuthReaderBinding() {
    for (List<HasMetadata> rendered : List.of(objects, overlay)) {
      for (HasMetadata o : rendered) {
        String what = o.getKind() + " " + o.getMetadata().getName();
        if (CLUSTER_SCOPED.contains(o.getKind())) {
          assertEquals(null, o.getMetadata().getNamespace(), what);
        } else if (o.getKind().equals("RoleBinding")) {
          assertEquals("kube-system", o.getMetadata().getNamespace(), what);
        } else {
          assertEquals("trawl-system", o.getMetadata().getNamespace(), what);
        }
      }
    }
  }

  @Test
  void everyContainerIsLockedDown() {
    for (List<HasMetadata> rendered : List.of(objects, overlay)) {
      everyContainerIsLockedDown(rendered);
    }
  }

  private static void everyContainerIsLockedDown(List<HasMetadata> objects) {
    for (String[] w : WORKLOADS) {
      PodSpec spec = pod(objects, w[0], w[1]);
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
  void everyJavaToolOptionsStartsThisJavaVersion() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    int checked = 0;
    for (String[] w : WORKLOADS) {
      for (Container c : pod(objects, w[0], w[1]).getContainers()) {
        for (var env : c.getEnv()) {
          if (!env.getName().equals("JAVA_TOOL_OPTIONS")) {
            continue;
          }
          List<String> command = new ArrayList<>(List.of(java));
          command.addAll(List.of(env.getValue().trim().split("\\s+")));
          command.add("-version");
          Process jvm = new ProcessBuilder(command).redirectErrorStream(true).start();
          String out = new String(jvm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
          assertEquals(0, jvm.waitFor(), w[1] + "/" + c.getName() + " " + env.getValue() + ": " + out);
          checked++;
        }
      }
    }
    assertEquals(WORKLOADS.size(), checked, "each workload's container sets JAVA_TOOL_OPTIONS");
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
    for (HasMetadata o : objects) {
      if (o instanceof RoleBinding binding) {
        granted.add(binding.getMetadata().getNamespace() + "/" + binding.getMetadata().getName() + ": "
            + binding.getRoleRef().getKind() + " " + binding.getRoleRef().getName());
      }
    }
    assertEquals(new TreeSet<>(GRANTS.keySet()), granted);
    assertTrue(objects.stream().noneMatch(o -> o.getKind().equals("Role")), "no Role of our own");
  }

  @Test
  void theMetricsApisAreRegisteredAndServedByTheQueryUi() throws Exception {
    Map<String, String> apiServices = new java.util.TreeMap<>();
    for (HasMetadata o : objects) {
      if (o instanceof APIService api) {
        var spec = api.getSpec();
        assertEquals(o.getMetadata().getName(), spec.getVersion() + "." + spec.getGroup());
        assertEquals(List.of("trawl-query-ui", "trawl-system", 443), List.of(spec.getService().getName(),
            spec.getService().getNamespace(), spec.getService().getPort()));
        apiServices.put(spec.getGroup(), spec.getVersion());
      }
    }
    assertEquals(Map.of("custom.metrics.k8s.io", "v1beta2", "external.metrics.k8s.io", "v1beta1"), apiServices);
    Service service = RenderedManifests.one(objects, Service.class, "trawl-query-ui");
    assertEquals(443, service.getSpec().getPorts().get(0).getPort());
    assertEquals("https", service.getSpec().getPorts().get(0).getTargetPort().getStrVal());
    Container ui = pod(objects, "Deployment", "trawl-query-ui").getContainers().get(0);
    var port = ui.getPorts().stream().filter(p -> p.getName().equals("https")).findFirst().orElseThrow();
    ConfigMap config = objects.stream().filter(o -> o instanceof ConfigMap c && c.getData().containsKey("query-ui.yaml"))
        .map(ConfigMap.class::cast).findFirst().orElseThrow();
    Path file = Files.writeString(dir.resolve("query-ui.yaml"), config.getData().get("query-ui.yaml"));
    var loaded = new ConfigLoader(QueryUiConfig.KEYS).load(file, Map.of());
    assertEquals(port.getContainerPort(), loaded.get(QueryUiConfig.TLS_PORT));
    assertEquals("kubernetes", loaded.get(QueryUiConfig.AUTH_MODE), "the metrics APIs authenticate in a cluster");
    assertEquals("HTTPS", ui.getReadinessProbe().getHttpGet().getScheme());
    assertEquals("https", ui.getLivenessProbe().getHttpGet().getPort().getStrVal());
    NetworkPolicy policy = RenderedManifests.one(objects, NetworkPolicy.class, "trawl-query-ui");
    assertEquals(port.getContainerPort(), policy.getSpec().getIngress().get(0).getPorts().get(0).getPort().getIntVal());
  }

  @Test
  void theExampleOverlayAddsServiceMonitorsForEveryJobTheRulesExpect() {
    Set<String> jobs = new TreeSet<>();
    for (HasMetadata o : overlay) {
      if (o.getKind().equals("ServiceMonitor")) {
        Service target = RenderedManifests.one(overlay, Service.class, o.getMetadata().getName());
        @SuppressWarnings("unchecked")
        Map<String, Object> spec = (Map<String, Object>) ((GenericKubernetesResource) o).getAdditionalProperties().get("spec");
        jobs.add(target.getMetadata().getLabels().get((String) spec.get("jobLabel")));
        @SuppressWarnings("unchecked")
        String port = (String) ((List<Map<String, Object>>) spec.get("endpoints")).get(0).get("port");
        assertTrue(target.getSpec().getPorts().stream().anyMatch(p -> p.getName().equals(port)), o.getMetadata().getName());
      }
    }
    assertEquals(Set.of("trawl-collector", "trawl-indexer", "trawl-query-ui"), jobs);
    StatefulSet indexer = RenderedManifests.one(overlay, StatefulSet.class, "trawl-indexer");
    assertEquals("200Gi", indexer.getSpec().getVolumeClaimTemplates().get(0).getSpec().getResources().getRequests()
        .get("storage").toString());
    assertTrue(indexer.getSpec().getTemplate().getSpec().getContainers().get(0).getImage()
        .startsWith("registry.example.com/trawl/trawl-indexer:"));
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
          if (entry.getKey().equals("saved-searches.yaml")) {
            assertTrue(SavedSearches.load(file, "saved_searches.file").query("checkout-timeouts").isPresent(),
                "the saved search the example HPA scales on");
          } else {
            new ConfigLoader(keys.get(entry.getKey())).load(file, Map.of());
          }
          checked++;
        }
      }
    }
    assertEquals(4, checked);
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
    assertEquals(3, dockerfile.split("\"-Ddisable.single.threaded.check=true\"", -1).length - 1,
        "every entrypoint turns Chronicle's debugging check off, as ./trawl does");
  }
}
