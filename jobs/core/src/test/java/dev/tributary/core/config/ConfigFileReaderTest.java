package dev.tributary.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigFileReaderTest {
  private static final String PASSWORD = "s3cr3t-Redis-Pa55";
  private static final String KAFKA_PASSWORD = "alice-kafka-pa55";

  @TempDir Path dir;

  private final Map<String, String> environment =
      Map.of(
          "REDIS_PASSWORD", PASSWORD, "KAFKA_PASSWORD", KAFKA_PASSWORD, "REDIS_HOST", "r.internal");

  private TributaryConfig read(String yaml) throws Exception {
    Path file = dir.resolve("tributary.yaml");
    Files.writeString(file, yaml);
    return ConfigFileReader.read(file, environment::get);
  }

  private InvalidConfigException problems(String yaml) {
    return assertThrows(InvalidConfigException.class, () -> read(yaml));
  }

  @Test
  void nestedAndDottedKeysFlattenToTheSameNamesAndReferencesResolve() throws Exception {
    Path secretFile = dir.resolve("truststore-password");
    Files.writeString(secretFile, "changeit\n");
    TributaryConfig config =
        read(
            """
            kafka:
              bootstrap-servers: k1:9093,k2:9093
              properties:
                security.protocol: SASL_SSL
                sasl.mechanism: PLAIN
                sasl.jaas.config: >-
                  org.apache.kafka.common.security.plain.PlainLoginModule required
                  username="alice" password="${env:KAFKA_PASSWORD}";
            redis:
              host: ${env:REDIS_HOST}
              port: 6380
              user: tributary
              password: ${env:REDIS_PASSWORD}
              tls:
                enabled: true
                truststore-password: ${file:%s}
              socket-timeout: 3s
            catalog.name: prod
            catalog:
              properties:
                uri: jdbc:postgresql://db/iceberg
            triton:
              endpoints:
                - t1:8001
                - t2:8001
              tls.ca: /etc/ca.pem
            flink:
              parallelism: 4
              checkpoints.interval: 1m
            """
                .formatted(secretFile));
    assertEquals("r.internal", config.text("redis.host").orElseThrow());
    assertEquals(6380, config.integer("redis.port").orElseThrow());
    assertEquals(PASSWORD, config.text("redis.password").orElseThrow());
    assertEquals("changeit", config.text("redis.tls.truststore-password").orElseThrow());
    assertEquals(true, config.bool("redis.tls.enabled").orElseThrow());
    assertEquals(Duration.ofSeconds(3), config.duration("redis.socket-timeout").orElseThrow());
    assertEquals("prod", config.text("catalog.name").orElseThrow());
    assertEquals(
        Map.of("uri", "jdbc:postgresql://db/iceberg"), config.properties("catalog.properties"));
    assertEquals(List.of("t1:8001", "t2:8001"), config.list("triton.endpoints"));
    assertEquals(
        Duration.ofMinutes(1), config.duration("flink.checkpoints.interval").orElseThrow());
    Map<String, String> kafka = config.properties("kafka.properties");
    assertEquals("SASL_SSL", kafka.get("security.protocol"));
    assertTrue(kafka.get("sasl.jaas.config").contains("password=\"" + KAFKA_PASSWORD + "\""));

    String shown = String.join("\n", config.describe()) + config;
    assertFalse(shown.contains(PASSWORD), shown);
    assertFalse(shown.contains(KAFKA_PASSWORD), shown);
    assertFalse(shown.contains("changeit"), shown);
    assertTrue(shown.contains("redis.password = *** (env:REDIS_PASSWORD)"), shown);
    assertTrue(shown.contains("redis.host = r.internal"), shown);
    KafkaConnection connection = new KafkaConnection("k1:9093", kafka);
    assertFalse(connection.toString().contains(KAFKA_PASSWORD), connection.toString());
    assertEquals("k1:9093", connection.clientProperties().get("bootstrap.servers"));
  }

  @Test
  void everyProblemIsReportedAtItsLineWithWhatToDo() {
    InvalidConfigException invalid =
        problems(
            """
            redis:
              hots: redis.internal
              port: six
              password: %s
            kafka:
              properties:
                ssl.truststore.password: ${env:NOT_SET_ANYWHERE}
            flink:
              checkpoints:
                interval: often
            """
                .formatted(PASSWORD));
    List<String> lines = invalid.problems().stream().map(Object::toString).toList();
    String file = dir.resolve("tributary.yaml").toString();
    assertEquals(5, lines.size(), String.join("\n", lines));
    assertTrue(
        lines
            .get(0)
            .startsWith(file + ":2:3: unknown key 'redis.hots': did you mean 'redis.host'?"),
        lines.get(0));
    assertTrue(
        lines.get(1).startsWith(file + ":3:9: redis.port must be a whole number, not 'six'"),
        lines.get(1));
    assertTrue(
        lines
            .get(2)
            .startsWith(
                file
                    + ":4:13: redis.password is a secret written as a literal value: write a reference instead, e.g. ${env:REDIS_PASSWORD}"),
        lines.get(2));
    assertTrue(
        lines
            .get(3)
            .contains(
                ":7:30: kafka.properties.ssl.truststore.password: ${env:NOT_SET_ANYWHERE}: the environment variable NOT_SET_ANYWHERE is not set"),
        lines.get(3));
    assertTrue(
        lines.get(4).startsWith(file + ":10:15: flink.checkpoints.interval must be a duration"),
        lines.get(4));
    assertFalse(invalid.getMessage().contains(PASSWORD), "a literal secret is never repeated");
  }

  @Test
  void brokenYamlDuplicatesAndUnknownReferencesAreReported() {
    assertTrue(
        problems("redis:\n  host: a\n host: b\n").getMessage().contains("tributary.yaml:3:"));
    assertTrue(
        problems("redis:\n  host: a\n  host: b\n")
            .getMessage()
            .contains(":3:3: duplicate key 'redis.host' (first at line 2): keep one"));
    assertTrue(
        problems("redis:\n  password: ${vault:x}\n")
            .getMessage()
            .contains("${vault:...} is not a known reference: write ${env:NAME} or ${file:PATH}"));
    assertTrue(
        problems("redis:\n  password: ${file:/no/such/secret}\n")
            .getMessage()
            .contains("${file:/no/such/secret}: cannot read the file"));
    assertTrue(
        problems("- redis\n")
            .getMessage()
            .contains(":1:1: the file must be a mapping of sections"));
    assertTrue(
        assertThrows(
                InvalidConfigException.class, () -> ConfigFileReader.read(dir.resolve("none.yaml")))
            .getMessage()
            .contains("none.yaml: cannot read the configuration file"));
  }

  @Test
  void everyKeyHasADescriptionAndDefaultsOfItsKind() {
    for (ConfigKey key : ConfigKeys.ALL) {
      assertFalse(key.description().isBlank(), key.name());
      assertTrue(
          ConfigKeys.find(key.kind() == ConfigKey.Kind.PROPERTIES ? key.prefix() + "x" : key.name())
              .isPresent(),
          key.name());
    }
    assertTrue(
        ConfigKeys.find("kafka.properties.sasl.jaas.config")
            .orElseThrow()
            .secret("kafka.properties.sasl.jaas.config"));
    assertTrue(
        ConfigKeys.find("catalog.properties.jdbc.password")
            .orElseThrow()
            .secret("catalog.properties.jdbc.password"));
    assertFalse(
        ConfigKeys.find("kafka.properties.ssl.truststore.location")
            .orElseThrow()
            .secret("kafka.properties.ssl.truststore.location"));
  }
}
