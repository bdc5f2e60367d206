package dev.tributary.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tributary.core.config.ConfigKey;
import dev.tributary.core.config.ConfigKeys;
import dev.tributary.flink.online.RedisOptions;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.apache.flink.configuration.ConfigOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The configuration file's keys against what consumes and documents them: every {@code redis.*} key
 * is an option {@link RedisOptions} knows, and docs/configuration.md lists every key.
 */
class ConfigKeysTest {

  @Test
  void everyRedisKeyIsARedisOption() throws Exception {
    Set<String> options = new HashSet<>();
    for (Field field : RedisOptions.class.getFields()) {
      if (Modifier.isStatic(field.getModifiers()) && field.getType() == ConfigOption.class) {
        options.add(((ConfigOption<?>) field.get(null)).key());
      }
    }
    for (ConfigKey key : ConfigKeys.ALL) {
      if (key.name().startsWith("redis.")) {
        String option = RedisAddressOptions.optionKey(key.name());
        assertTrue(options.contains(option), key.name() + " -> " + option + " in " + options);
      }
    }
    assertEquals("redis.tls", RedisAddressOptions.optionKey("redis.tls.enabled"));
  }

  @Test
  void theConfigurationPageListsEveryKey() throws Exception {
    String page = Files.readString(Checkout.root().resolve("docs/configuration.md"));
    for (ConfigKey key : ConfigKeys.ALL) {
      assertTrue(page.contains("| `" + key.name() + "` |"), key.name() + " in configuration.md");
    }
  }

  @Test
  void theConfigFileComesFromTheFlagElseTheEnvironment() {
    Path flag = Path.of("flag.yaml");
    assertEquals(flag, ConfigFileOption.path(flag, name -> "env.yaml"));
    assertEquals(
        Path.of("env.yaml"),
        ConfigFileOption.path(null, name -> name.equals("TRIBUTARY_CONFIG") ? "env.yaml" : null));
    assertEquals(null, ConfigFileOption.path(null, name -> null));
  }

  /** redis.nodes are the cluster's seeds (RedisClusterNodesTest runs them on a real cluster). */
  @Test
  void redisNodesOfTheFileAreClusterSeedsUnlessTheFlagNamesAServer(@TempDir Path folder)
      throws Exception {
    Path file = folder.resolve("tributary.yaml");
    Files.writeString(file, "redis:\n  nodes:\n    - r1.internal:6379\n    - r2.internal:7000\n");
    assertEquals(
        "redis://r1.internal:6379,r2.internal:7000 (cluster)", redisAddress("--config", file));
    assertEquals(
        "redis://r3.internal:6380", redisAddress("--config", file, "--redis", "r3.internal:6380"));
  }

  private static String redisAddress(Object... options) {
    java.util.List<String> args =
        new java.util.ArrayList<>(
            java.util.List.of("serve", Checkout.exampleDefinitions().toString()));
    for (Object option : options) {
      args.add(option.toString());
    }
    picocli.CommandLine.ParseResult parsed =
        new picocli.CommandLine(new Tributary()).parseArgs(args.toArray(String[]::new));
    return ((ServeCommand) parsed.subcommand().commandSpec().userObject())
        .redis
        .options()
        .address();
  }
}
