/**
 * Real services on random free ports, for the tests of every module and for the product's {@code
 * --embedded} demo mode.
 *
 * <pre>
 *   EmbeddedKafka        in-process KRaft broker (Kafka's own KafkaClusterTestKit), 1 node
 *   EmbeddedRedis        redis-server child process, no persistence
 *   LocalIcebergCatalog  Iceberg JdbcCatalog on SQLite + local warehouse folder, catalog "tributary"
 *   LocalFlinkCluster    Flink MiniCluster with a REST endpoint; jobs submit over REST
 * </pre>
 *
 * <p>Nothing here is a fake: each class runs the same server code the production deployment runs,
 * so a test that passes here exercises the real protocol. The JUnit 5 wrappers live in {@link
 * dev.tributary.embedded.junit}.
 */
package dev.tributary.embedded;
