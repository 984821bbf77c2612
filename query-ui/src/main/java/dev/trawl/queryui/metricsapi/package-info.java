/**
 * The Kubernetes metrics APIs the Horizontal Pod Autoscaler reads: {@code custom.metrics.k8s.io/v1beta2}
 * (per-pod log rates, CPU and memory from the indexer's documents) and
 * {@code external.metrics.k8s.io/v1beta1} (the rate of a saved search), in the JSON the Kubernetes
 * API defines, behind delegated authentication and SubjectAccessReview.
 */
package dev.trawl.queryui.metricsapi;
