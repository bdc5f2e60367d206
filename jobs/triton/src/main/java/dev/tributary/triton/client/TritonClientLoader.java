package dev.tributary.triton.client;

import java.io.Serializable;
import java.util.Objects;

/**
 * A serializable recipe for a {@link TritonClient}: a Flink function keeps the loader as a field,
 * ships it to its task, and opens the real client (channels, threads) in {@code open()}, closing it
 * in {@code close()}, as Iceberg's {@code TableLoader} does for tables.
 */
public final class TritonClientLoader implements Serializable {

  private static final long serialVersionUID = 1L;

  private final TritonClient.Builder settings;

  private TritonClientLoader(TritonClient.Builder settings) {
    this.settings = settings;
  }

  /**
   * A loader for clients configured as {@code settings} is now; later changes to it are not seen.
   */
  public static TritonClientLoader of(TritonClient.Builder settings) {
    Objects.requireNonNull(settings, "settings").check(); // fail here, not later in a task
    return new TritonClientLoader(settings.copy());
  }

  /** A new client; the caller closes it. */
  public TritonClient open() {
    return settings.build();
  }
}
