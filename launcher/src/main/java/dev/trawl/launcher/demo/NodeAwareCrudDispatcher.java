package dev.trawl.launcher.demo;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.server.mock.KubernetesAttributesExtractor;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.crud.Attribute;
import io.fabric8.mockwebserver.crud.AttributeSet;
import io.fabric8.mockwebserver.crud.CrudDispatcher;
import java.lang.reflect.Field;

/**
 * fabric8's CRUD dispatcher, taught the one field selector a node agent sends:
 * {@code spec.nodeName=<node>} on pods. Out of the box it matches field selectors only against
 * metadata, so a collector's node-scoped pod watch would see no pods. The extractor is not
 * injectable, hence the reflection; the end-to-end test fails if a fabric8 upgrade breaks it.
 */
final class NodeAwareCrudDispatcher {
  static final String NODE_NAME_FIELD = "spec.nodeName";

  private NodeAwareCrudDispatcher() {}

  static KubernetesCrudDispatcher create() {
    KubernetesCrudDispatcher dispatcher = new KubernetesCrudDispatcher();
    NodeNameExtractor extractor = new NodeNameExtractor();
    set(CrudDispatcher.class, "attributeExtractor", dispatcher, extractor);
    set(KubernetesCrudDispatcher.class, "kubernetesAttributesExtractor", dispatcher, extractor);
    return dispatcher;
  }

  private static void set(Class<?> owner, String name, Object target, Object value) {
    try {
      Field field = owner.getDeclaredField(name);
      field.setAccessible(true);
      field.set(target, value);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("fabric8 mock server internals changed: " + owner.getName() + "." + name, e);
    }
  }

  private static final class NodeNameExtractor extends KubernetesAttributesExtractor {
    @Override
    public AttributeSet extract(HasMetadata resource) {
      AttributeSet attributes = super.extract(resource);
      String node = null;
      if (resource instanceof Pod pod && pod.getSpec() != null) {
        node = pod.getSpec().getNodeName();
      } else if (resource instanceof GenericKubernetesResource generic && "Pod".equals(generic.getKind())) {
        node = generic.get("spec", "nodeName");
      }
      return node == null ? attributes : attributes.add(new Attribute(NODE_NAME_FIELD, node));
    }
  }
}
