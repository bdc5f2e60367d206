package dev.tributary.embedded.junit;

import dev.tributary.embedded.EmbeddedKafka;
import java.util.Map;

/**
 * An {@link EmbeddedKafka} broker per test class: {@code @RegisterExtension static final
 * KafkaExtension KAFKA = new KafkaExtension();}
 */
public final class KafkaExtension extends ServiceExtension<EmbeddedKafka> {

  @Override
  protected EmbeddedKafka start() {
    return EmbeddedKafka.start();
  }

  /** {@code host:port} for {@code bootstrap.servers}. */
  public String bootstrapServers() {
    return service().bootstrapServers();
  }

  /** Creates a topic and waits until the broker has it. */
  public void createTopic(String name, int partitions) {
    service().createTopic(name, partitions);
  }

  /** Creates a topic with topic-level configuration and waits until the broker has it. */
  public void createTopic(String name, int partitions, Map<String, String> configs) {
    service().createTopic(name, partitions, configs);
  }
}
