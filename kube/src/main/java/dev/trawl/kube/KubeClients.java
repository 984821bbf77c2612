package dev.trawl.kube;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;

/** Builds the API client: in-cluster service account, else kubeconfig, with {@code kube.url} on top. */
public final class KubeClients {
  private KubeClients() {}

  public static KubernetesClient create(String url) {
    Config config = Config.autoConfigure(null);
    if (url != null && !url.isBlank()) {
      config = new ConfigBuilder(config).withMasterUrl(url).build();
    }
    if (config.getMasterUrl() != null && config.getMasterUrl().startsWith("http:")) {
      // A plain-HTTP endpoint (kubectl proxy, a recorded API) speaks HTTP/1.1: the JDK client's h2c
      // upgrade now and then read its HTTP/1.1 answer as an HTTP/2 frame ("Frame type(10) length(…)
      // exceeds MAX_FRAME_SIZE") and the pod informer stopped. TLS endpoints negotiate HTTP/2 as before.
      config = new ConfigBuilder(config).withHttp2Disable(true).build();
    }
    return new KubernetesClientBuilder().withConfig(config).build();
  }
}
