package dev.trawl.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class ComponentRunnerTest {
  @Test
  void configurationErrorsExitWithTwoBeforeStarting() {
    AtomicBoolean started = new AtomicBoolean();
    ComponentRunner.Starter starter = config -> {
      started.set(true);
      return () -> { };
    };
    List<ConfigKey<?>> keys = ConfigLoaderTest.KEYS;
    assertEquals(2, ComponentRunner.run("test", new String[0], keys, Map.of("TRAWL_HTTP_PORT", "99999"), starter));
    assertEquals(2, ComponentRunner.run("test", new String[] {"--bogus"}, keys, Map.of(), starter));
    assertEquals(2, ComponentRunner.run("test", new String[] {"--config", "/nonexistent/trawl.yaml"}, keys, Map.of(), starter));
    assertEquals(false, started.get());
  }

  @Test
  void aConfigurationErrorFoundByTheComponentAlsoExitsWithTwo() {
    ComponentRunner.Starter starter = config -> {
      throw new ConfigException("config key 'tail.paths': 'relative/*.log' is not absolute");
    };
    assertEquals(2, ComponentRunner.run("test", new String[0], ConfigLoaderTest.KEYS, Map.of(), starter));
  }
}
