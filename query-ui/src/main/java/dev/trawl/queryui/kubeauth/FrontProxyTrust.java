package dev.trawl.queryui.kubeauth;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How the API server's aggregation layer vouches for a user: it connects with a client
 * certificate issued by the request-header CA (with one of the allowed common names) and names the
 * user in headers. Read from {@code kube-system/extension-apiserver-authentication}, as every
 * aggregated API server does.
 *
 * @param clientCas CAs a front-proxy client certificate must chain to; empty when the cluster has none
 * @param allowedNames common names a front-proxy certificate may carry; empty means any
 */
public record FrontProxyTrust(List<X509Certificate> clientCas, Set<String> allowedNames, List<String> userHeaders,
    List<String> groupHeaders, List<String> extraHeaderPrefixes) {
  public static final FrontProxyTrust NONE = new FrontProxyTrust(List.of(), Set.of(), List.of(), List.of(), List.of());
  private static final ObjectMapper JSON = new ObjectMapper();

  public FrontProxyTrust {
    clientCas = List.copyOf(clientCas);
    allowedNames = Set.copyOf(allowedNames);
    userHeaders = List.copyOf(userHeaders);
    groupHeaders = List.copyOf(groupHeaders);
    extraHeaderPrefixes = List.copyOf(extraHeaderPrefixes);
  }

  /** Reads the cluster's settings; {@link #NONE} when the ConfigMap or its CA is missing. */
  public static FrontProxyTrust load(KubernetesClient client) {
    ConfigMap map = client.configMaps().inNamespace("kube-system").withName("extension-apiserver-authentication").get();
    if (map == null || map.getData() == null) {
      return NONE;
    }
    return fromData(map.getData());
  }

  static FrontProxyTrust fromData(Map<String, String> data) {
    String ca = data.get("requestheader-client-ca-file");
    if (ca == null || ca.isBlank()) {
      return NONE;
    }
    return new FrontProxyTrust(certificates(ca), Set.copyOf(list(data, "requestheader-allowed-names")),
        list(data, "requestheader-username-headers"), list(data, "requestheader-group-headers"),
        list(data, "requestheader-extra-headers-prefix"));
  }

  public boolean enabled() {
    return !clientCas.isEmpty();
  }

  private static List<String> list(Map<String, String> data, String key) {
    String text = data.get(key);
    if (text == null || text.isBlank()) {
      return List.of();
    }
    try {
      List<String> values = new ArrayList<>();
      JSON.readTree(text).forEach(v -> values.add(v.asText()));
      return values;
    } catch (IOException e) {
      throw new IllegalStateException("extension-apiserver-authentication: " + key + " is not a JSON list: " + text, e);
    }
  }

  private static List<X509Certificate> certificates(String pem) {
    try {
      List<X509Certificate> out = new ArrayList<>();
      CertificateFactory.getInstance("X.509")
          .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)))
          .forEach(c -> out.add((X509Certificate) c));
      return out;
    } catch (CertificateException e) {
      throw new IllegalStateException("extension-apiserver-authentication: requestheader-client-ca-file is not PEM certificates: "
          + e.getMessage(), e);
    }
  }
}
