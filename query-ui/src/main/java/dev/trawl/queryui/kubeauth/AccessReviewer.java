package dev.trawl.queryui.kubeauth;

import io.fabric8.kubernetes.api.model.authorization.v1.NonResourceAttributes;
import io.fabric8.kubernetes.api.model.authorization.v1.ResourceAttributes;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;

/** Asks the API server, with SubjectAccessReview, whether an identity may do something. Cached briefly. */
public final class AccessReviewer {
  private static final Duration CACHE_TTL = Duration.ofSeconds(10);

  private record Question(Identity who, ResourceAttributes resource, NonResourceAttributes nonResource) {}

  private final KubernetesClient client;
  private final ExpiringCache<Question, Boolean> answers = new ExpiringCache<>(CACHE_TTL, 10_000);

  public AccessReviewer(KubernetesClient client) {
    this.client = client;
  }

  public boolean allowed(Identity who, ResourceAttributes resource) {
    return answers.get(new Question(who, resource, null), this::review);
  }

  public boolean allowed(Identity who, NonResourceAttributes nonResource) {
    return answers.get(new Question(who, null, nonResource), this::review);
  }

  private boolean review(Question q) {
    SubjectAccessReview answer = client.authorization().v1().subjectAccessReview().create(new SubjectAccessReviewBuilder()
        .withNewSpec().withUser(q.who().user()).withGroups(q.who().groups()).withExtra(q.who().extra())
        .withResourceAttributes(q.resource()).withNonResourceAttributes(q.nonResource()).endSpec().build());
    return answer.getStatus() != null && Boolean.TRUE.equals(answer.getStatus().getAllowed());
  }
}
