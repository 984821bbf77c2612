package dev.trawl.queryui.kubeauth;

import dev.trawl.queryui.api.NamespaceScope;
import io.fabric8.kubernetes.api.model.authorization.v1.ResourceAttributes;
import io.fabric8.kubernetes.api.model.authorization.v1.ResourceAttributesBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * The namespaces whose logs an identity may read: those where Kubernetes lets it
 * {@code get pods/log}, as {@code kubectl logs} needs. One SubjectAccessReview for all namespaces
 * first (cluster-wide readers cost one request); otherwise one per namespace that holds logs, in
 * parallel. Each review is kept 10 s ({@link AccessReviewer}), so a revoked RoleBinding stops a
 * user within that; the scope itself only 3 s, so a namespace's first lines show up soon.
 */
public final class NamespaceAccess implements AutoCloseable {
  private static final Duration SCOPE_TTL = Duration.ofSeconds(3);

  private final AccessReviewer access;
  private final Supplier<Set<String>> namespacesWithLogs;
  private final ExpiringCache<Identity, NamespaceScope> scopes = new ExpiringCache<>(SCOPE_TTL, 10_000);
  private final ExecutorService reviews = Executors.newFixedThreadPool(4, r -> {
    Thread t = new Thread(r, "query-ui-access-review");
    t.setDaemon(true);
    return t;
  });

  public NamespaceAccess(AccessReviewer access, Supplier<Set<String>> namespacesWithLogs) {
    this.access = access;
    this.namespacesWithLogs = namespacesWithLogs;
  }

  public NamespaceScope scopeOf(Identity who) {
    return scopes.get(who, this::resolve);
  }

  private NamespaceScope resolve(Identity who) {
    // the empty namespace asks about every namespace at once, as "kubectl auth can-i -A" does
    if (access.allowed(who, podsLog(""))) {
      return NamespaceScope.ALL;
    }
    List<String> candidates = new ArrayList<>(namespacesWithLogs.get());
    List<CompletableFuture<Boolean>> answers = candidates.stream()
        .map(ns -> CompletableFuture.supplyAsync(() -> access.allowed(who, podsLog(ns)), reviews)).toList();
    Set<String> allowed = new HashSet<>();
    try {
      for (int i = 0; i < candidates.size(); i++) {
        if (answers.get(i).join()) {
          allowed.add(candidates.get(i));
        }
      }
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : e;
    }
    return NamespaceScope.only(allowed);
  }

  private static ResourceAttributes podsLog(String namespace) {
    return new ResourceAttributesBuilder().withNamespace(namespace).withVerb("get").withGroup("").withResource("pods")
        .withSubresource("log").build();
  }

  @Override
  public void close() {
    reviews.shutdownNow();
  }
}
