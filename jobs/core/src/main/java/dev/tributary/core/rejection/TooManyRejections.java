package dev.tributary.core.rejection;

/**
 * A batch job stopped before committing because more records were rejected than {@code
 * --max-rejected} allows. The message says which input was over the limit, what to do, and holds
 * the whole {@link RejectionSummary}; nothing of the job was committed.
 */
public final class TooManyRejections extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** How the message starts, to recognize it in a failure that crossed class loaders. */
  public static final String PREFIX = "too many rejected records, nothing committed: ";

  public TooManyRejections(String overLimit, String summary) {
    super(
        PREFIX
            + overLimit
            + ". Fix the input (the first rejections below say what is wrong with it), or allow "
            + "more with --max-rejected N or --max-rejected P%.\n"
            + summary);
  }
}
