package dev.trawl.collector.kube;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PodPathTest {
  @Test
  void readsKubeletsLayout() {
    assertEquals(Optional.of(new PodPath("kube-system", "coredns-5d78c9869d-8x2vq", "0c1a6c5e-3f5e-4b8f-9d6a-1e2f3a4b5c6d",
            "coredns")),
        PodPath.parse(Path.of("/var/log/pods/kube-system_coredns-5d78c9869d-8x2vq_0c1a6c5e-3f5e-4b8f-9d6a-1e2f3a4b5c6d/coredns/0.log")));
    assertEquals("web-0", PodPath.parse(Path.of("/x/default_web-0_u1/nginx/3.log")).orElseThrow().podName());
  }

  @Test
  void rejectsOtherLayouts() {
    for (String p : new String[] {"/var/log/syslog", "/var/log/pods/nounderscore/c/0.log", "/var/log/pods/ns_pod_/c/0.log",
        "/var/log/pods/_pod_uid/c/0.log", "/a.log"}) {
      assertEquals(Optional.empty(), PodPath.parse(Path.of(p)), p);
    }
  }
}
