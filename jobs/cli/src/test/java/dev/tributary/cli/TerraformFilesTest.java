package dev.tributary.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * terraform/ holds together without its providers (they cannot be downloaded here, so {@code
 * terraform validate} cannot run): every variable and output is documented, every module a root
 * uses exists and is given exactly variables it declares (all those without a default), and every
 * {@code module.NAME.OUTPUT} a root reads is an output of that module. {@code terraform fmt -check}
 * runs in .ci/run where the binary is installed.
 */
class TerraformFilesTest {
  private static final Path TERRAFORM = Checkout.root().resolve("terraform");
  private static final Pattern BLOCK =
      Pattern.compile(
          "(?ms)^(variable|output|module|resource|data) \"([^\"]+)\"[^\\n]*\\{\\n(.*?)^\\}");
  private static final Set<String> META_ARGUMENTS =
      Set.of("source", "version", "count", "for_each", "providers", "depends_on");

  /** One top-level block of a folder's .tf files. */
  private record Block(String type, String name, String body) {}

  @Test
  void everyVariableAndOutputIsDocumented() throws IOException {
    List<String> undocumented = new ArrayList<>();
    for (Path folder : folders()) {
      for (Block block : blocks(folder)) {
        if ((block.type().equals("variable") || block.type().equals("output"))
            && !block.body().matches("(?s).*\\n?\\s*description\\s*=\\s*\"[^\"]{10,}\".*")) {
          undocumented.add(TERRAFORM.relativize(folder) + ": " + block.type() + " " + block.name());
        }
      }
    }
    assertTrue(undocumented.isEmpty(), "without a description: " + undocumented);
  }

  @Test
  void everyModuleCallMatchesTheModule() throws IOException {
    int calls = 0;
    for (Path folder : folders()) {
      Map<String, Path> modules = new TreeMap<>();
      for (Block call : blocks(folder)) {
        if (!call.type().equals("module")) {
          continue;
        }
        calls++;
        Matcher source = Pattern.compile("source\\s*=\\s*\"([^\"]+)\"").matcher(call.body());
        assertTrue(source.find(), "module " + call.name() + " has a source");
        Path module = folder.resolve(source.group(1)).normalize();
        assertTrue(
            !tfFiles(module).isEmpty(), "module " + call.name() + ": no .tf files in " + module);
        modules.put(call.name(), module);

        Set<String> given = arguments(call.body());
        given.removeAll(META_ARGUMENTS);
        Set<String> declared = new TreeSet<>();
        Set<String> required = new TreeSet<>();
        for (Block variable : blocks(module)) {
          if (variable.type().equals("variable")) {
            declared.add(variable.name());
            if (!variable.body().contains("default")) {
              required.add(variable.name());
            }
          }
        }
        Set<String> unknown = new TreeSet<>(given);
        unknown.removeAll(declared);
        assertTrue(unknown.isEmpty(), "module " + call.name() + " is given undeclared " + unknown);
        Set<String> missing = new TreeSet<>(required);
        missing.removeAll(given);
        assertTrue(missing.isEmpty(), "module " + call.name() + " misses required " + missing);
      }
      assertOutputsReadExist(folder, modules);
    }
    assertTrue(calls >= 7, "the example root calls every module: " + calls);
  }

  @Test
  void everyModuleIsUsedByAnExample() throws IOException {
    Set<String> used = new TreeSet<>();
    for (Path folder : folders()) {
      String all = String.join("\n", contents(folder));
      Matcher source =
          Pattern.compile("source\\s*=\\s*\"\\.\\./\\.\\./modules/([^\"]+)\"").matcher(all);
      while (source.find()) {
        used.add(source.group(1));
      }
    }
    try (Stream<Path> modules = Files.list(TERRAFORM.resolve("modules"))) {
      assertEquals(
          new TreeSet<>(modules.map(m -> m.getFileName().toString()).toList()), used, "modules");
    }
  }

  /**
   * No secret is written down: no password, token or secret argument is a literal, every output
   * that reads a generated secret (a {@code random_password}, or a module's sensitive output) is
   * marked sensitive, and {@code materialize_args}, which users write to a file, reads none (its
   * passwords are {@code ${env:..}} references).
   */
  @Test
  void secretsAreGeneratedAndOnlySensitiveOutputsCarryThem() throws IOException {
    Pattern literalSecret =
        Pattern.compile(
            "(?m)^\\s*(\\w*(?:password|secret|token)\\w*)\\s*=\\s*\"(?![^\"]*\\$\\{)[^\"]*\"");
    Map<String, Set<String>> sensitiveOutputs = new TreeMap<>();
    for (Path folder : folders()) {
      for (String text : contents(folder)) {
        Matcher literal = literalSecret.matcher(text);
        if (literal.find()) {
          fail(folder + ": a secret written as a literal: " + literal.group());
        }
      }
      Set<String> sensitive = new TreeSet<>();
      blocks(folder).stream()
          .filter(b -> b.type().equals("output") && isSensitive(b))
          .forEach(b -> sensitive.add(b.name()));
      sensitiveOutputs.put(TERRAFORM.relativize(folder).toString(), sensitive);
    }
    int secretOutputs = 0;
    for (Path folder : folders()) {
      Map<String, String> modules = new TreeMap<>();
      for (Block call : blocks(folder)) {
        Matcher source =
            Pattern.compile("source\\s*=\\s*\"\\.\\./\\.\\./(\\S+)\"").matcher(call.body());
        if (call.type().equals("module") && source.find()) {
          modules.put(call.name(), source.group(1));
        }
      }
      for (Block output : blocks(folder)) {
        if (!output.type().equals("output")) {
          continue;
        }
        boolean readsSecret = output.body().contains("random_password.");
        Matcher read = Pattern.compile("module\\.(\\w+)\\.(\\w+)").matcher(output.body());
        while (read.find()) {
          readsSecret |=
              sensitiveOutputs
                  .getOrDefault(modules.get(read.group(1)), Set.of())
                  .contains(read.group(2));
        }
        if (readsSecret) {
          secretOutputs++;
          assertTrue(isSensitive(output), folder + ": output " + output.name() + " is a secret");
          assertFalse(
              output.name().equals("materialize_args"),
              "materialize_args must reference its secrets, not hold them");
        }
      }
    }
    assertTrue(secretOutputs >= 4, "the catalog password and Redis token found: " + secretOutputs);
  }

  private static boolean isSensitive(Block output) {
    return output.body().matches("(?s).*\\n\\s*sensitive\\s*=\\s*true.*");
  }

  private static void assertOutputsReadExist(Path folder, Map<String, Path> modules)
      throws IOException {
    Matcher read =
        Pattern.compile("module\\.(\\w+)\\.(\\w+)").matcher(String.join("\n", contents(folder)));
    while (read.find()) {
      Path module = modules.get(read.group(1));
      assertFalse(module == null, folder + " reads module." + read.group(1) + ", never declared");
      boolean exists =
          blocks(module).stream()
              .anyMatch(b -> b.type().equals("output") && b.name().equals(read.group(2)));
      assertTrue(exists, folder + " reads " + read.group() + ", not an output of " + module);
    }
  }

  /** Names assigned at the block's first level ({@code name = ...} indented by two spaces). */
  private static Set<String> arguments(String body) {
    Set<String> names = new TreeSet<>();
    Matcher argument = Pattern.compile("(?m)^  (\\w+)\\s*=").matcher(body);
    while (argument.find()) {
      names.add(argument.group(1));
    }
    return names;
  }

  private static List<Path> folders() throws IOException {
    List<Path> folders = new ArrayList<>();
    for (String parent : List.of("modules", "examples")) {
      try (Stream<Path> children = Files.list(TERRAFORM.resolve(parent))) {
        children.filter(Files::isDirectory).sorted().forEach(folders::add);
      }
    }
    assertFalse(folders.isEmpty(), "no modules in " + TERRAFORM);
    return folders;
  }

  private static List<Block> blocks(Path folder) throws IOException {
    List<Block> blocks = new ArrayList<>();
    for (String text : contents(folder)) {
      Matcher block = BLOCK.matcher(text);
      while (block.find()) {
        blocks.add(new Block(block.group(1), block.group(2), block.group(3)));
      }
    }
    return blocks;
  }

  private static List<String> contents(Path folder) throws IOException {
    List<String> texts = new ArrayList<>();
    for (Path file : tfFiles(folder)) {
      texts.add(Files.readString(file));
    }
    return texts;
  }

  private static List<Path> tfFiles(Path folder) throws IOException {
    if (!Files.isDirectory(folder)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(folder)) {
      return files.filter(f -> f.toString().endsWith(".tf")).sorted().toList();
    }
  }
}
