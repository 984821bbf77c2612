/**
 * Who is asking and what Kubernetes lets them do, decided by the cluster itself: front-proxy
 * client certificates with {@code X-Remote-*} headers (the API server's aggregation layer), bearer
 * tokens checked with TokenReview, permissions checked with SubjectAccessReview. Answers are cached
 * briefly so a busy caller costs the API server a request every few seconds, not one per request.
 */
package dev.trawl.queryui.kubeauth;
