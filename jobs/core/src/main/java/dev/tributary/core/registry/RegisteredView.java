package dev.tributary.core.registry;

/**
 * One version of a feature view, with the canonical text its version hashes.
 *
 * @param status {@link #LIVE} while the jobs write it, {@link #RETIRED} once {@code tributary
 *     retire} stopped it, {@link #REMOVED} when its view left the definitions
 * @param appliedIn the apply that registered this version: its definitions rebuild the view
 * @param retiredAt when it was retired or removed, epoch ms; 0 while live
 */
public record RegisteredView(
    String view,
    String version,
    String entity,
    String source,
    String canonicalText,
    boolean online,
    boolean offline,
    String status,
    long appliedIn,
    long retiredAt,
    String at) {
  public static final String LIVE = "live";
  public static final String RETIRED = "retired";
  public static final String REMOVED = "removed";

  /** {@code view@version}, how commands name a view version. */
  public String reference() {
    return view + "@" + version;
  }

  /** Its history table in namespace {@code features} and its Redis key prefix. */
  public String versionedName() {
    return view + "__" + version;
  }

  public boolean live() {
    return LIVE.equals(status);
  }

  RegisteredView withStatus(String newStatus, long at) {
    return with(newStatus, appliedIn, at);
  }

  RegisteredView appliedIn(long applyId) {
    return with(status, applyId, retiredAt);
  }

  private RegisteredView with(String newStatus, long newAppliedIn, long newRetiredAt) {
    return new RegisteredView(
        view,
        version,
        entity,
        source,
        canonicalText,
        online,
        offline,
        newStatus,
        newAppliedIn,
        newRetiredAt,
        at);
  }
}
