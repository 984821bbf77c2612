package dev.trawl.config;

import java.util.List;

/** Renders declared keys as the Markdown table each module README carries. */
public final class ConfigTable {
  private ConfigTable() {}

  public static String markdown(List<ConfigKey<?>> keys) {
    StringBuilder out = new StringBuilder();
    out.append("| key | environment variable | default | description |\n");
    out.append("|---|---|---|---|\n");
    for (ConfigKey<?> key : keys) {
      out.append("| `").append(key.name()).append("` | `").append(key.envName()).append("` | ")
          .append(key.defaultText() == null || key.defaultText().isEmpty()
              ? "(unset)" : "`" + key.defaultText() + "`")
          .append(" | ").append(key.description()).append(" |\n");
    }
    return out.toString();
  }
}
