package dev.trawl.launcher.demo;

import java.util.Map;

/**
 * One demo pod and what it writes.
 *
 * @param ownerKind the kind of the pod's owner reference ({@code ReplicaSet}, {@code StatefulSet}, …)
 * @param ownerName the owner's name ({@code <deployment>-<hash>} for a ReplicaSet)
 * @param style the kind of log lines its container writes
 * @param linesPerSecond how many lines it writes per second on average
 */
public record DemoPod(String namespace, String name, String uid, String container, String containerId,
    String image, String ip, Map<String, String> labels, String ownerKind, String ownerName, LogStyle style,
    int linesPerSecond) {

  public DemoPod withUid(String newUid) {
    return new DemoPod(namespace, name, newUid, container, containerId, image, ip, labels, ownerKind, ownerName, style,
        linesPerSecond);
  }

  /** How a demo container logs. */
  public enum LogStyle {
    /** JSON lines with level, msg, trace and span ids. */
    JSON,
    /** nginx-style access lines. */
    ACCESS,
    /** Plain text with a leading level and multi-line Java stack traces on errors. */
    JAVA,
    /** Plain text with klog-style prefixes. */
    KLOG
  }
}
