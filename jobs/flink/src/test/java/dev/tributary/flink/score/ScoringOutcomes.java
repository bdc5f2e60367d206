package dev.tributary.flink.score;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tributary.core.plan.DeploymentPlan;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How the requests of a score job's run ended, read from what the job committed to Kafka: its
 * predictions (by job id) and its dead letters (by the run's topic in the reason). Every request
 * must end exactly once, as one or the other, whatever failed while the job ran.
 *
 * <p>A job started through the command line labels its predictions with a job id of its own; its
 * run's outcomes are found by the requests topic instead ({@link #countOfRequests}), whose name
 * every request id of a {@link ScoringRun} starts with.
 */
public final class ScoringOutcomes {
  private final String bootstrapServers;

  public ScoringOutcomes(String bootstrapServers) {
    this.bootstrapServers = bootstrapServers;
  }

  /** The committed records of {@code topic} that belong to the score job {@code job}. */
  public List<JsonNode> ofJob(String topic, String job) throws Exception {
    List<JsonNode> mine = new ArrayList<>();
    for (JsonNode node : CommittedTopic.read(bootstrapServers, topic)) {
      String text = node.toString();
      if (node.has("job_id")
          ? node.get("job_id").asText().equals(job)
          : text.contains("requests-" + job)) {
        mine.add(node);
      }
    }
    return mine;
  }

  /**
   * The committed records of {@code topic} about the requests of {@code requestsTopic}, whichever
   * job scored them: predictions by their request id, dead letters by the topic they name.
   */
  public List<JsonNode> ofRequests(String topic, String requestsTopic) throws Exception {
    List<JsonNode> mine = new ArrayList<>();
    for (JsonNode node : CommittedTopic.read(bootstrapServers, topic)) {
      if (node.has("job_id")
          ? node.get("request_id").asText().startsWith(requestsTopic + "-")
          : node.toString().contains(requestsTopic)) {
        mine.add(node);
      }
    }
    return mine;
  }

  /** Committed predictions plus dead letters of the requests of {@code requestsTopic}. */
  public int countOfRequests(String requestsTopic) throws Exception {
    return ofRequests(DeploymentPlan.PREDICTIONS_TOPIC, requestsTopic).size()
        + ofRequests(DeploymentPlan.DEAD_LETTER_TOPIC, requestsTopic).size();
  }

  /** Committed predictions plus dead letters of {@code job}. */
  public int count(String job) throws Exception {
    return ofJob(DeploymentPlan.PREDICTIONS_TOPIC, job).size()
        + ofJob(DeploymentPlan.DEAD_LETTER_TOPIC, job).size();
  }

  /**
   * Requests + bad requests = predictions + dead letters, with no request id twice: each request
   * ended exactly once. Returns the predictions by request id.
   */
  public Map<String, JsonNode> assertEveryRequestEndsOnce(ScoringRun run, String job)
      throws Exception {
    return assertEndedOnce(
        run,
        ofJob(DeploymentPlan.PREDICTIONS_TOPIC, job),
        ofJob(DeploymentPlan.DEAD_LETTER_TOPIC, job));
  }

  /** As {@link #assertEveryRequestEndsOnce}, for the run's requests whichever job scored them. */
  public Map<String, JsonNode> assertEveryRequestOfTheTopicEndsOnce(ScoringRun run)
      throws Exception {
    String topic = run.scoring.requests().topicOrNull();
    return assertEndedOnce(
        run,
        ofRequests(DeploymentPlan.PREDICTIONS_TOPIC, topic),
        ofRequests(DeploymentPlan.DEAD_LETTER_TOPIC, topic));
  }

  private static Map<String, JsonNode> assertEndedOnce(
      ScoringRun run, List<JsonNode> predictions, List<JsonNode> dead) {
    Map<String, JsonNode> byId = new HashMap<>();
    for (JsonNode p : predictions) {
      JsonNode before = byId.put(p.get("request_id").asText(), p);
      assertEquals(null, before, "request " + p.get("request_id") + " predicted twice");
    }
    for (JsonNode letter : dead) {
      System.out.println("dead letter: " + letter.get("reason").asText());
    }
    assertEquals(
        run.total(), predictions.size() + dead.size(), "requests = predictions + dead letters");
    assertEquals(
        ScoringRun.BAD_REQUESTS,
        dead.stream().filter(d -> !d.get("reason").asText().contains("model ")).count());
    assertEquals(
        ScoringRun.BAD_REQUESTS,
        dead.stream().filter(d -> !d.has("version")).count(),
        "only requests rejected before routing have no version");
    for (Object[] request : run.requests) {
      boolean predicted = byId.containsKey((String) request[0]);
      boolean deadLettered =
          dead.stream()
              .anyMatch(d -> d.get("reason").asText().contains("request " + request[0] + ":"));
      assertTrue(predicted ^ deadLettered, "request " + request[0] + " ended once");
    }
    return byId;
  }
}
