package dev.tributary.core.defs;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every file under {@code broken-defs/} is a small repository with one mistake. Its first line says
 * where the problem must be reported and what the message must say: {@code # expect: LINE TOKEN |
 * MESSAGE}, the column being where TOKEN first occurs on LINE.
 */
class BrokenDefinitionsTest {
  @TempDir Path folder;

  static Stream<Path> brokenFiles() throws IOException, URISyntaxException {
    Path dir = Path.of(BrokenDefinitionsTest.class.getResource("/broken-defs").toURI());
    try (Stream<Path> files = Files.list(dir)) {
      return files.sorted().toList().stream();
    }
  }

  @Test
  void thereAreAtLeastTwentyFiveBrokenExamples() throws Exception {
    assertTrue(brokenFiles().count() >= 25);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("brokenFiles")
  void reportsTheProblemWithFileLineAndColumn(Path broken) throws IOException {
    List<String> lines = Files.readAllLines(broken);
    String header = lines.get(0);
    String[] expectation = header.substring("# expect: ".length()).split(" \\| ", 2);
    int line = Integer.parseInt(expectation[0].substring(0, expectation[0].indexOf(' ')));
    String token = expectation[0].substring(expectation[0].indexOf(' ') + 1);
    int column = lines.get(line - 1).indexOf(token) + 1;
    String message = expectation[1];
    Path file = folder.resolve(broken.getFileName().toString());
    Files.copy(broken, file);

    InvalidDefinitionsException thrown =
        assertThrows(InvalidDefinitionsException.class, () -> FeatureRepository.load(folder));

    boolean found =
        thrown.problems().stream()
            .anyMatch(
                p ->
                    p.location().file().equals(file.toString())
                        && p.location().line() == line
                        && p.location().column() == column
                        && p.message().contains(message));
    if (!found) {
      fail(
          "expected "
              + file.getFileName()
              + ":"
              + line
              + ":"
              + column
              + " '"
              + message
              + "' but got:\n"
              + thrown.problems().stream()
                  .map(DefinitionProblem::toString)
                  .collect(Collectors.joining("\n")));
    }
  }
}
