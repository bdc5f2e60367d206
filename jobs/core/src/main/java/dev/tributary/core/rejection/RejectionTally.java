package dev.tributary.core.rejection;

import java.io.Serializable;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a batch job made of the records of all its inputs, by input name ({@code events of flights},
 * {@code spine rows of flights}): one {@link InputTally} each. Each parallel reader keeps its own;
 * the job {@linkplain #merge merges} them into one, which {@link RejectionLimit} judges and {@link
 * RejectionSummary} prints.
 */
public final class RejectionTally implements Serializable {
  private static final long serialVersionUID = 1L;

  private final TreeMap<String, InputTally> inputs = new TreeMap<>();

  /** The tally of the input named {@code name}, created empty on first use, to count into. */
  public InputTally input(String name) {
    return inputs.computeIfAbsent(name, n -> new InputTally());
  }

  /** Adds another reader's counts, input by input. */
  public RejectionTally merge(RejectionTally other) {
    other.inputs.forEach((name, tally) -> input(name).merge(tally));
    return this;
  }

  /** Per input name, in name order. */
  public Map<String, InputTally> inputs() {
    return Collections.unmodifiableMap(inputs);
  }

  /** Records rejected over all inputs. */
  public long rejected() {
    return inputs.values().stream().mapToLong(InputTally::rejected).sum();
  }
}
