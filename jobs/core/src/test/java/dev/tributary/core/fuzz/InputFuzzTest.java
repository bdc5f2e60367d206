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
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Fuzzing (jqwik) of what users and producers hand the core: feature definition files, event
 * payloads, scoring requests and the configuration file. Each input is a valid example with random
 * edits (characters replaced, inserted or deleted, lines dropped or repeated) or plain random text.
 * The properties: nothing crashes (the only exception is the documented one, whose every problem
 * has a place), and nothing is lost (every record is accepted or rejected with a reason). jqwik
 * prints the seed of a failing run; {@code @Property(seed = ...)} replays it.
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

  @BeforeContainer
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

  @AfterContainer
  static void removeScratch() throws IOException {
    try (Stream<Path> files = Files.walk(scratch)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  @Property(tries = 150)
  void editedDefinitionsLoadOrFailWithLocatedProblems(
      @ForAll("definitionEdits") List<Edit> edits, @ForAll("fileIndex") int index)
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

  @Property(tries = 400)
  void everyEventPayloadIsParsedOrRejectedWithAReason(@ForAll("eventPayloads") String payload) {
    RecordParser parser = new RecordParser(repository.source("flights").orElseThrow());
    assertAcceptedOrRejected(parser.parse(payload));
    assertAcceptedOrRejected(parser.parse(payload.getBytes(StandardCharsets.UTF_8)));
  }

  @Property(tries = 400)
  void everyScoringRequestIsScorableOrHasAProblem(@ForAll("requestPayloads") String payload) {
    Scoring scoring = repository.scorings().get(0);
    RecordParser parser = new RecordParser(scoring.requests());
    ScoringRequests requests = new ScoringRequests(scoring);
    ParseOutcome outcome = parser.parse(payload);
    assertAcceptedOrRejected(outcome);
    if (outcome instanceof ParsedEvent event) {
      String problem = requests.problem(event.row());
      if (problem == null) {
        assertNotNull(requests.requestId(event.row()));
        assertNotNull(requests.routingKey(event.row()));
      } else {
        assertFalse(problem.isBlank());
      }
    }
  }

  @Property(tries = 200)
  void editedConfigurationFilesReadOrFailWithLocatedProblems(
      @ForAll("configEdits") List<Edit> edits) throws IOException {
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
  private static void assertAcceptedOrRejected(ParseOutcome outcome) {
    assertNotNull(outcome);
    if (outcome instanceof RecordRejection rejection) {
      assertFalse(rejection.problem().isBlank());
    } else {
      assertNotNull(((ParsedEvent) outcome).row());
    }
  }

  @Provide
  Arbitrary<List<Edit>> definitionEdits() {
    return Edit.arbitrary().list().ofMinSize(1).ofMaxSize(4);
  }

  @Provide
  Arbitrary<List<Edit>> configEdits() {
    return Edit.arbitrary().list().ofMinSize(0).ofMaxSize(4);
  }

  @Provide
  Arbitrary<Integer> fileIndex() {
    return Arbitraries.integers().between(0, 1000);
  }

  @Provide
  Arbitrary<String> eventPayloads() {
    return payloads(VALID_EVENTS);
  }

  @Provide
  Arbitrary<String> requestPayloads() {
    return payloads(VALID_REQUESTS);
  }

  private static Arbitrary<String> payloads(List<String> valid) {
    Arbitrary<String> edited =
        Combinators.combine(
                Arbitraries.of(valid), Edit.arbitrary().list().ofMinSize(0).ofMaxSize(3))
            .as((json, edits) -> Edit.applyAll(json, edits));
    return Arbitraries.oneOf(edited, Arbitraries.strings().ofMaxLength(200));
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
