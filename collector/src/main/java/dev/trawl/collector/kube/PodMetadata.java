package dev.trawl.collector.kube;

import java.util.Map;

/**
 * What the API says about one pod, reduced to the fields a record carries. Immutable; a new
 * instance replaces the old on every change, so callers can cache work per instance.
 *
 * @param workloads owner workload kind ({@code deployment}, {@code statefulset}, {@code daemonset},
 *     {@code job}, {@code cronjob}) to its name
 * @param containers container name to its id, image and runtime
 * @param parser the {@code trawl.dev/parser} annotation, or null
 * @param multiline the {@code trawl.dev/multiline} annotation, or null
 */
public record PodMetadata(
    String uid,
    String namespace,
    String name,
    String ip,
    Map<String, String> labels,
    Map<String, String> annotations,
    Map<String, String> workloads,
    Map<String, ContainerInfo> containers,
    boolean excluded,
    String parser,
    String multiline) {

  /** The running container's identity from the pod status. */
  public record ContainerInfo(String id, String image, String runtime) {}

  /** The annotation that drops a pod's logs. */
  public static final String EXCLUDE_ANNOTATION = "trawl.dev/exclude";

  /** The annotation that joins an event's lines: {@code java}, {@code go}, {@code python} or a start-line regex. */
  public static final String MULTILINE_ANNOTATION = "trawl.dev/multiline";

  /** The annotation that picks how bodies are read: {@code auto} (default), {@code json}, {@code logfmt}, {@code none}. */
  public static final String PARSER_ANNOTATION = "trawl.dev/parser";
}
