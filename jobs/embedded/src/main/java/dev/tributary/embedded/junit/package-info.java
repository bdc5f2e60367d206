/**
 * JUnit 5 extensions that start one embedded service per test class and stop it afterwards, whether
 * the tests passed or not.
 *
 * <pre>
 * class MyJobTest {
 *     &#64;RegisterExtension static final KafkaExtension KAFKA = new KafkaExtension();
 *     &#64;RegisterExtension static final RedisExtension REDIS = new RedisExtension();
 *
 *     &#64;Test void writesFeatures() {
 *         KAFKA.createTopic("flights", 2);
 *         ... KAFKA.bootstrapServers() ... REDIS.port() ...
 *     }
 * }
 * </pre>
 *
 * <p>JUnit is an optional dependency of this module: the demo mode uses the services directly and
 * never loads these classes.
 */
package dev.tributary.embedded.junit;
