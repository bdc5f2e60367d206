package dev.tributary.cli;

import java.io.FileNotFoundException;
import java.io.PrintWriter;
import java.net.BindException;
import java.net.ConnectException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Turns a failed command into one line that says what went wrong and what to do, and exit code 1.
 * The stack trace is printed only with {@code --verbose}: a user's mistake (a missing file, a port
 * in use, a server that does not answer) should not read like a crash.
 */
final class UserErrors implements IExecutionExceptionHandler {

  @Override
  public int handleExecutionException(
      Exception exception, CommandLine commandLine, ParseResult parseResult) {
    PrintWriter err = commandLine.getErr();
    // "tributary models train: ...", the whole command a user typed, at any depth
    err.println(commandLine.getCommandSpec().qualifiedName() + ": " + describe(exception));
    if (verbose(parseResult)) {
      exception.printStackTrace(err);
    } else {
      err.println("(run again with --verbose for the stack trace)");
    }
    err.flush();
    return 1;
  }

  private static boolean verbose(ParseResult parseResult) {
    for (ParseResult level = parseResult; level != null; level = level.subcommand()) {
      if (level.hasMatchedOption("--verbose")) {
        return true;
      }
    }
    return false;
  }

  /** One line: the most specific cause, with a hint for the problems users meet most. */
  static String describe(Throwable exception) {
    Throwable cause = exception;
    while (cause.getCause() != null && cause.getCause() != cause) {
      if (hint(cause) != null) {
        break;
      }
      cause = cause.getCause();
    }
    String hint = hint(cause);
    if (hint != null) {
      return hint;
    }
    Throwable top = exception;
    String message = top.getMessage() != null ? top.getMessage() : cause.toString();
    return firstLine(message);
  }

  private static String hint(Throwable t) {
    String message = t.getMessage() == null ? "" : firstLine(t.getMessage());
    if (t instanceof dev.tributary.core.config.InvalidConfigException) {
      return t.getMessage(); // every problem, one per line, as the definitions print theirs
    }
    if (t instanceof NoSuchFileException || t instanceof FileNotFoundException) {
      return "file not found: " + message + "; check the path";
    }
    if (t instanceof AccessDeniedException) {
      return "permission denied: " + message;
    }
    if (t instanceof BindException) {
      return "a port is already in use ("
          + message
          + "); choose another port or stop what holds it";
    }
    if (t instanceof ConnectException) {
      return "cannot connect (" + message + "); check that the server is running and the address";
    }
    return null;
  }

  private static String firstLine(String message) {
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
