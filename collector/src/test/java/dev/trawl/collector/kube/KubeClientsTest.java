package dev.trawl.collector.kube;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trawl.kube.KubeClients;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.Test;

class KubeClientsTest {
  @Test
  void plainHttpEndpointsSpeakHttp11AndTlsOnesMayNegotiateHttp2() {
    try (KubernetesClient plain = KubeClients.create("http://127.0.0.1:8001");
        KubernetesClient tls = KubeClients.create("https://127.0.0.1:6443")) {
      assertTrue(plain.getConfiguration().isHttp2Disable(), "no h2c upgrade on a plain connection");
      assertFalse(tls.getConfiguration().isHttp2Disable());
    }
  }
}
