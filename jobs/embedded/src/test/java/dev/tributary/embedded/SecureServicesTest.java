package dev.tributary.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tributary.core.testing.ExternalTools;
import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.SslOptions;
import redis.clients.jedis.exceptions.JedisException;

/**
 * The TLS-and-authentication variants of the embedded services take exactly the clients that
 * present the CA's trust and the right credentials, and refuse the others.
 */
class SecureServicesTest {
  @TempDir static Path dir;
  private static CertificateAuthority ca;

  @BeforeAll
  static void makeCa() {
    ExternalTools.assumeOnPath("openssl", "apt-get install openssl", "to make certificates");
    ca = CertificateAuthority.create(dir);
  }

  @Test
  void redisOverTlsTakesOnlyTheAclUser() {
    try (EmbeddedRedis redis = EmbeddedRedis.startSecure(ca, "writer", "pa55-w0rd")) {
      HostAndPort address = new HostAndPort(redis.host(), redis.port());
      try (Jedis jedis = new Jedis(address, tls("writer", "pa55-w0rd"))) {
        assertEquals("OK", jedis.set("k", "v"));
        assertEquals("v", jedis.get("k"));
      }
      JedisException wrong =
          assertThrows(
              JedisException.class,
              () -> {
                try (Jedis jedis = new Jedis(address, tls("writer", "wrong"))) {
                  jedis.get("k");
                }
              });
      assertTrue(String.valueOf(wrong.getMessage()).contains("WRONGPASS"), wrong.toString());
      assertThrows(
          JedisException.class,
          () -> {
            try (Jedis plain =
                new Jedis(
                    address, DefaultJedisClientConfig.builder().timeoutMillis(2000).build())) {
              plain.ping();
            }
          },
          "no plain-text port");
    }
  }

  @Test
  void kafkaOverSaslSslTakesOnlyItsUser() throws Exception {
    try (EmbeddedKafka kafka = EmbeddedKafka.startSecure(ca, "alice", "alice-pa55")) {
      kafka.createTopic("secured", 1);
      Map<String, Object> producer = client(kafka, kafka.clientProperties());
      try (KafkaProducer<String, String> out =
          new KafkaProducer<>(producer, new StringSerializer(), new StringSerializer())) {
        out.send(new ProducerRecord<>("secured", "k", "v")).get();
      }
      Map<String, Object> consumer = client(kafka, kafka.clientProperties());
      consumer.put("group.id", "g");
      consumer.put("auto.offset.reset", "earliest");
      try (KafkaConsumer<String, String> in =
          new KafkaConsumer<>(consumer, new StringDeserializer(), new StringDeserializer())) {
        in.subscribe(List.of("secured"));
        ConsumerRecords<String, String> records = ConsumerRecords.empty();
        for (int i = 0; i < 100 && records.isEmpty(); i++) {
          records = in.poll(Duration.ofMillis(200));
        }
        assertEquals("v", records.iterator().next().value());
      }
      Map<String, String> wrong = new HashMap<>(kafka.clientProperties());
      wrong.put("sasl.jaas.config", wrong.get("sasl.jaas.config").replace("alice-pa55", "guess"));
      Map<String, Object> intruder = client(kafka, wrong);
      intruder.put("max.block.ms", "10000");
      Exception refused =
          assertThrows(
              Exception.class,
              () -> {
                try (KafkaProducer<String, String> out =
                    new KafkaProducer<>(intruder, new StringSerializer(), new StringSerializer())) {
                  out.send(new ProducerRecord<>("secured", "k", "x")).get();
                }
              });
      assertTrue(
          refused instanceof SaslAuthenticationException
              || refused.getCause() instanceof SaslAuthenticationException,
          refused.toString());
    }
  }

  private static Map<String, Object> client(EmbeddedKafka kafka, Map<String, String> properties) {
    Map<String, Object> config = new HashMap<>(properties);
    config.put("bootstrap.servers", kafka.bootstrapServers());
    return config;
  }

  private static DefaultJedisClientConfig tls(String user, String password) {
    return DefaultJedisClientConfig.builder()
        .user(user)
        .password(password)
        .timeoutMillis(5000)
        .sslOptions(
            SslOptions.builder()
                .truststore(
                    new File(ca.trustStore().toString()),
                    CertificateAuthority.STORE_PASSWORD.toCharArray())
                .trustStoreType("PKCS12")
                .build())
        .build();
  }
}
