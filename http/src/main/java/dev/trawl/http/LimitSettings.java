package dev.trawl.http;

import dev.trawl.config.Config;
import dev.trawl.config.ConfigKey;
import dev.trawl.config.ValueType;
import java.util.List;
import java.util.function.Function;

/** The {@code limits.*} configuration keys a component declares with its own defaults, and the {@link ClientLimits} they make. */
public record LimitSettings(ConfigKey<Integer> rate, ConfigKey<Integer> burst, ConfigKey<Integer> concurrent) {

  public static LimitSettings withDefaults(String rate, String burst, String concurrent) {
    return new LimitSettings(
        new ConfigKey<>("limits.requests_per_second", ValueType.NON_NEGATIVE_INT, rate,
            "Requests per second one client (address) may make, beyond limits.burst; more answer 429 (0 = no limit)"),
        new ConfigKey<>("limits.burst", ValueType.POSITIVE_INT, burst,
            "Requests one client may make at once after being idle, above limits.requests_per_second"),
        new ConfigKey<>("limits.concurrent", ValueType.NON_NEGATIVE_INT, concurrent,
            "Requests one client may have in progress; more answer 429 (0 = no limit)"));
  }

  public List<ConfigKey<?>> keys() {
    return List.of(rate, burst, concurrent);
  }

  public ClientLimits limits(Config config, Function<String, Response> refusal, Runnable onRefused) {
    return new ClientLimits(config.get(rate), config.get(burst), config.get(concurrent), refusal, onRefused);
  }
}
