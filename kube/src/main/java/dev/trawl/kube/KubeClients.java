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
    return new KubernetesClientBuilder().withConfig(config).build();
  }
}
