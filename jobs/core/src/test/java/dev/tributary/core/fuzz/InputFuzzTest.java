package dev.tributary.core.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tributary.core.config.ConfigFileReader;
import dev.tributary.core.config.InvalidConfigException;
import dev.tributary.core.defs.DefinitionProblem;
import dev.tributary.core.defs.FeatureRepository;
import dev.tributary.core.defs.InvalidDefinitionsException;
import dev.tributary.core.defs.RepositoryPaths;
import dev.tributary.core.defs.Scoring;
import dev.tributary.core.records.ParseOutcome;
import dev.tributary.core.records.ParsedEvent;
import dev.tributary.core.records.RecordParser;
import dev.tributary.core.records.RecordRejection;
import dev.tributary.core.score.ScoringRequests;
import dev.tributary.core.window.Seeds;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Fuzzing of what users and producers hand the core: feature definition files, event payloads,
 * scoring requests and the configuration file. Each input is a valid example with random edits
 * (characters replaced, inserted or deleted, lines dropped or repeated) or plain random text. The
 * properties: nothing crashes (the only exception is the documented one, whose every problem has a
 * place), and nothing is lost (every record is accepted or rejected with a reason). Every try draws
 * from its own seed; a failure names it and {@code -Dtributary.seed=N} replays the run ({@link
 * Seeds}).
 */
class InputFuzzTest {
  private static final List<String> VALID_EVENTS =
      List.of(
          "{\"date\":\"2001-01-02T08:05:00\",\"delay\":12,\"distance\":337,\"origin\":\"SFO\",\"destination\":\"LAX\"}",
          "{\"date\":978422700000,\"delay\":-3,\"distance\":2586,\"origin\":\"JFK\",\"destination\":\"SFO\"}");
  private static final List<String> VALID_REQUESTS =
      List.of(
          "{\"request_id\":\"r-1\",\"requested_at\":\"2001-01-02T06:00:00Z\",\"date\":\"2001-01-02T08:05:00\",\"distance\":337,\"origin\":\"SFO\",\"destination\":\"LAX\"}");
  private static final String VALID_CONFIG =
      "kafka:\n  bootstrap-servers: k:9092\n  properties:\n    security.protocol: SSL\n"
          + "redis:\n  host: r\n  port: 6379\n  password: ${env:P}\n  tls:\n    enabled: true\n"
          + "triton:\n  endpoints: [t:8001]\nflink:\n  parallelism: 2\n";

  private static FeatureRepository repository;
  private static Map<Path, String> definitionFiles;
  private static Path scratch;

  @BeforeAll
  static void loadExamples() throws IOException {
    Path defs = RepositoryPaths.exampleDefinitions();
    repository = FeatureRepository.load(defs);
    try (Stream<Path> files = Files.walk(defs)) {
      definitionFiles =
          files
              .filter(p -> p.toString().endsWith(".yaml"))
              .collect(
                  java.util.stream.Collectors.toMap(p -> defs.relativize(p), InputFuzzTest::read));
    }
    scratch = Files.createTempDirectory("tributary-fuzz");
  }

  @AfterAll
  static void removeScratch() throws IOException {
    try (Stream<Path> files = Files.walk(scratch)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  @Test
  void editedDefinitionsLoadOrFailWithLocatedProblems() {
    tryWithSeeds(
        150,
        random ->
            definitionsLoadOrFailWithLocatedProblems(
                Edit.randomList(random, 1, 4), random.nextInt(1001)));
  }

  private static void definitionsLoadOrFailWithLocatedProblems(List<Edit> edits, int index)
      throws IOException {
    Path root = Files.createTempDirectory(scratch, "defs");
    List<Path> names = new ArrayList<>(definitionFiles.keySet());
    names.sort(null);
    Path edited = names.get(index % names.size());
    for (Path name : names) {
      String text = definitionFiles.get(name);
      Files.createDirectories(root.resolve(name).getParent());
      Files.writeString(
          root.resolve(name), name.equals(edited) ? Edit.applyAll(text, edits) : text);
    }
    try {
      assertNotNull(FeatureRepository.load(root));
    } catch (InvalidDefinitionsException invalid) {
      assertFalse(invalid.problems().isEmpty());
      for (DefinitionProblem problem : invalid.problems()) {
        assertTrue(problem.location().file().startsWith(root.toString()), problem.toString());
        assertFalse(problem.message().isBlank(), problem.toString());
      }
    }
  }

  @Test
  void everyEventPayloadIsParsedOrRejectedWithAReason() {
    RecordParser parser = new RecordParser(repository.source("flights").orElseThrow());
    tryWithSeeds(
        400,
        random -> {
          String payload = payload(random, VALID_EVENTS);
          assertAcceptedOrRejected(parser.parse(payload), payload);
          assertAcceptedOrRejected(parser.parse(payload.getBytes(StandardCharsets.UTF_8)), payload);
        });
  }

  @Test
  void everyScoringRequestIsScorableOrHasAProblem() {
    tryWithSeeds(400, random -> requestIsScorableOrHasAProblem(payload(random, VALID_REQUESTS)));
  }

  private static void requestIsScorableOrHasAProblem(String payload) {
    Scoring scoring = repository.scorings().get(0);
    RecordParser parser = new RecordParser(scoring.requests());
    ScoringRequests requests = new ScoringRequests(scoring);
    ParseOutcome outcome = parser.parse(payload);
    assertAcceptedOrRejected(outcome, payload);
    if (outcome instanceof ParsedEvent event) {
      String problem = requests.problem(event.row());
      if (problem == null) {
        assertNotNull(requests.requestId(event.row()));
        assertNotNull(requests.routingKey(event.row()));
      } else {
        assertFalse(problem.isBlank(), payload);
      }
    }
  }

  @Test
  void editedConfigurationFilesReadOrFailWithLocatedProblems() {
    tryWithSeeds(
        200, random -> configReadsOrFailsWithLocatedProblems(Edit.randomList(random, 0, 4)));
  }

  private static void configReadsOrFailsWithLocatedProblems(List<Edit> edits) throws IOException {
    Path file = Files.createTempFile(scratch, "tributary", ".yaml");
    Files.writeString(file, Edit.applyAll(VALID_CONFIG, edits));
    try {
      assertNotNull(ConfigFileReader.read(file, Map.of("P", "pw")::get));
    } catch (InvalidConfigException invalid) {
      assertFalse(invalid.problems().isEmpty());
      invalid.problems().forEach(p -> assertEquals(file.toString(), p.location().file()));
    }
  }

  /** Nothing lost: an event, or a rejection with a reason. */
  private static void assertAcceptedOrRejected(ParseOutcome outcome, String payload) {
    assertNotNull(outcome, payload);
    if (outcome instanceof RecordRejection rejection) {
      assertFalse(rejection.problem().isBlank(), payload);
    } else {
      assertNotNull(((ParsedEvent) outcome).row(), payload);
    }
  }

  /** One try of a property with the random numbers of its own seed. */
  private interface Try {
    void run(Random random) throws Exception;
  }

  /**
   * Runs {@code tries} tries, seeds base, base+1, ...; a failure names the seed that replays it.
   */
  private static void tryWithSeeds(int tries, Try property) {
    long base = Seeds.base();
    for (int i = 0; i < tries; i++) {
      long seed = base + i;
      try {
        property.run(new Random(seed));
      } catch (Exception | AssertionError e) {
        throw new AssertionError("try " + i + ", " + Seeds.replay(base) + ": " + e, e);
      }
    }
  }

  /** A valid payload with up to 3 edits, or (half the time) random text of up to 200 chars. */
  private static String payload(Random random, List<String> valid) {
    if (random.nextBoolean()) {
      return Edit.applyAll(valid.get(random.nextInt(valid.size())), Edit.randomList(random, 0, 3));
    }
    char[] text = new char[random.nextInt(201)];
    for (int i = 0; i < text.length; i++) {
      text[i] = Edit.anyCharacter(random);
    }
    return new String(text);
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
