package dev.tributary.triton.server;

import java.nio.file.Path;

/** A model's config.pbtxt or version folders are unusable; the message starts with the file. */
public final class ModelConfigException extends Exception {

  private static final long serialVersionUID = 1L;

  private final Path file;

  public ModelConfigException(Path file, String problem) {
    super(file + ": " + problem);
    this.file = file;
  }

  public ModelConfigException(Path file, String problem, Throwable cause) {
    super(file + ": " + problem, cause);
    this.file = file;
  }

  /** The config.pbtxt, model folder or model file the problem is in. */
  public Path file() {
    return file;
  }
}
