package dev.trawl.collector.kube;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Who controls each ReplicaSet and Job of the cluster (a Deployment, a CronJob, or nobody), fed by
 * their informers, so a pod's owner names its workload without a request. Thread-safe.
 */
final class Controllers {
  /** A workload controller; {@link #NONE} for an object that has none. */
  record Controller(String kind, String name) {
    static final Controller NONE = new Controller("", "");
  }

  /** An object whose controller changed: {@code namespace}, {@code kind} and {@code name}. */
  record Changed(String namespace, String kind, String name) {}

  private final Map<String, Controller> byObject = new ConcurrentHashMap<>();

  /** The object's controller, {@link Controller#NONE}, or null while the object is not known. */
  Controller of(String namespace, String kind, String name) {
    return byObject.get(key(namespace, kind, name));
  }

  int size() {
    return byObject.size();
  }

  /** Keeps the controllers of one kind's objects; tells {@code changed} when one is new or different. */
  <T extends HasMetadata> ResourceEventHandler<T> handler(String kind, Consumer<Changed> changed) {
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(T object) {
        var meta = object.getMetadata();
        Controller controller = controllerOf(object);
        Controller before = byObject.put(key(meta.getNamespace(), kind, meta.getName()), controller);
        if (!Objects.equals(before, controller)) {
          changed.accept(new Changed(meta.getNamespace(), kind, meta.getName()));
        }
      }

      @Override
      public void onUpdate(T oldObject, T newObject) {
        onAdd(newObject);
      }

      @Override
      public void onDelete(T object, boolean finalStateUnknown) {
        // Pods that named it keep the names they have; their own deletion follows.
        byObject.remove(key(object.getMetadata().getNamespace(), kind, object.getMetadata().getName()));
      }
    };
  }

  private static Controller controllerOf(HasMetadata object) {
    if (object.getMetadata().getOwnerReferences() != null) {
      for (OwnerReference owner : object.getMetadata().getOwnerReferences()) {
        if (Boolean.TRUE.equals(owner.getController())) {
          return new Controller(owner.getKind(), owner.getName());
        }
      }
    }
    return Controller.NONE;
  }

  private static String key(String namespace, String kind, String name) {
    return namespace + '/' + kind + '/' + name;
  }
}
