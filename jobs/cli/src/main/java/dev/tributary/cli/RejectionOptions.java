package dev.tributary.cli;

import dev.tributary.core.rejection.RejectionLimit;
import dev.tributary.core.rejection.TooManyRejections;
import java.io.PrintWriter;
import picocli.CommandLine.Option;

/**
 * {@code --max-rejected} of the batch commands, and how they report a run that rejected more: the
 * job fails before committing, and the command prints why, with the summary, instead of a stack
 * trace.
 */
final class RejectionOptions {

  @Option(
      names = "--max-rejected",
      paramLabel = "N|P%",
      description =
          "fail before committing anything when more records of an input than this are rejected: a "
              + "count, or a share of the records read (default: ${DEFAULT-VALUE}); rejected records go "
              + "to ops.dead_letters")
  private String maxRejected = RejectionLimit.DEFAULT.toString();

  /** The limit given, checked. */
  RejectionLimit limit() {
    return RejectionLimit.parse(maxRejected);
  }

  /**
   * Prints why the job stopped when it failed for too many rejected records, and returns true;
   * false for any other failure, which the caller rethrows.
   */
  static boolean reported(Throwable failure, PrintWriter err) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      String message = cause.getMessage();
      if (cause instanceof TooManyRejections
          || (message != null && message.startsWith(TooManyRejections.PREFIX))) {
        err.println(message);
        err.flush();
        return true;
      }
    }
    return false;
  }
}
