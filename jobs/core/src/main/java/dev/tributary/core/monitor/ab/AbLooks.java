package dev.tributary.core.monitor.ab;

import dev.tributary.core.monitor.WritableState;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The A/B tests of one model as the monitor job runs them: the control is the lowest version seen
 * (the one serving longest, by {@link VersionQualities#VERSION_ORDER}), every other version is a
 * candidate with an {@link AbTest} of its own. Each {@link #look} adds one finished hour of
 * labelled predictions to the since-start quality of every version and looks at every test.
 *
 * <p>Looks come at finished hours (every label of the hour's predictions is in, or its wait has
 * ended), not at arrivals, so the sequence of looks, and with it the always-valid p-values, is the
 * same on every replay of the same predictions and labels.
 */
public final class AbLooks implements WritableState {
  /**
   * The byte form's version, written first as {@code -FORMAT}: format 1 began with alpha, which is
   * positive, so a negative first double tells the formats apart. Format 2 adds each test's AUC
   * difference at the look that rejected ({@link AbTest}).
   */
  static final int FORMAT = 2;

  private final double alpha;
  private final long minimumPerClass;
  private final VersionQualities sinceStart;
  private final Map<String, AbTest> tests = new TreeMap<>(VersionQualities.VERSION_ORDER);

  public AbLooks(double threshold, double alpha, long minimumPerClass) {
    this(alpha, minimumPerClass, new VersionQualities(threshold));
  }

  private AbLooks(double alpha, long minimumPerClass, VersionQualities sinceStart) {
    this.alpha = alpha;
    this.minimumPerClass = minimumPerClass;
    this.sinceStart = sinceStart;
  }

  /**
   * Adds one finished hour and looks at each candidate against the control; nothing while fewer
   * than two versions have labelled predictions.
   */
  public List<AbResult> look(VersionQualities finishedHour) {
    sinceStart.merge(finishedHour);
    List<AbResult> results = new ArrayList<>();
    var versions = new ArrayList<>(sinceStart.versions().entrySet());
    if (versions.size() < 2) {
      return results;
    }
    var control = versions.get(0);
    for (var candidate : versions.subList(1, versions.size())) {
      AbTest test =
          tests.computeIfAbsent(
              candidate.getKey(), v -> new AbTest(control.getKey(), v, alpha, minimumPerClass));
      results.add(test.look(control.getValue(), candidate.getValue()));
    }
    return results;
  }

  @Override
  public void write(DataOutput out) throws IOException {
    out.writeDouble(-FORMAT);
    out.writeDouble(alpha);
    out.writeLong(minimumPerClass);
    sinceStart.write(out);
    out.writeInt(tests.size());
    for (Map.Entry<String, AbTest> entry : tests.entrySet()) {
      out.writeUTF(entry.getKey());
      entry.getValue().write(out);
    }
  }

  public static AbLooks read(DataInput in) throws IOException {
    double first = in.readDouble();
    int format = first < 0 ? (int) -first : 1;
    if (format > FORMAT) {
      throw new IOException(
          "A/B test state of format " + format + " is newer than this build's format " + FORMAT);
    }
    double alpha = format == 1 ? first : in.readDouble();
    AbLooks looks = new AbLooks(alpha, in.readLong(), VersionQualities.read(in));
    for (int i = in.readInt(); i > 0; i--) {
      looks.tests.put(in.readUTF(), AbTest.read(in, format));
    }
    return looks;
  }
}
