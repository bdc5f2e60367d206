package dev.tributary.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The {@code tributary} command line: one subcommand per thing a user does with the definitions.
 */
@Command(
    name = "tributary",
    mixinStandardHelpOptions = true,
    versionProvider = TributaryVersion.class,
    description = "Point-in-time-correct ML features and model scoring on Apache Flink.",
    subcommands = {
      ValidateCommand.class,
      PlanCommand.class,
      ApplyCommand.class,
      RetireCommand.class,
      LineageCommand.class,
      DemoCommand.class,
      ReplayCommand.class,
      MaterializeCommand.class,
      TritonLocalCommand.class,
      ServeCommand.class,
      ModelsCommand.class,
      BackfillCommand.class,
      TrainingSetCommand.class,
      ScoreCommand.class,
      MonitorCommand.class,
      ReportCommand.class,
      SplitCommand.class,
      ConsistencyCommand.class,
      ClusterCommand.class,
      JobsCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Tributary {

  @Option(
      names = "--verbose",
      scope = ScopeType.INHERIT,
      description = "print the stack trace when a command fails")
  boolean verbose;

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs a command line and returns its exit code. */
  public static int run(String... args) {
    return commandLine().execute(args);
  }

  /**
   * Runs a command line writing to the given streams; tests use it to read what a user would see.
   */
  public static int run(PrintWriter out, PrintWriter err, String... args) {
    return commandLine().setOut(out).setErr(err).execute(args);
  }

  private static CommandLine commandLine() {
    return new CommandLine(new Tributary()).setExecutionExceptionHandler(new UserErrors());
  }
}
