package dev.tributary.core.monitor;

/**
 * Count, sum and sum of squares of a per-row quantity (a row's log loss, a paired difference), from
 * which means and sample variances of A/B tests follow. Mergeable by adding fields.
 */
public record Moments(long count, double sum, double sumOfSquares) {
  public static final Moments EMPTY = new Moments(0, 0, 0);

  public Moments plus(double x) {
    return new Moments(count + 1, sum + x, sumOfSquares + x * x);
  }

  public Moments merge(Moments other) {
    return new Moments(count + other.count, sum + other.sum, sumOfSquares + other.sumOfSquares);
  }

  public double mean() {
    return count == 0 ? Double.NaN : sum / count;
  }

  /** Sample variance (n - 1 in the denominator); NaN below two rows. */
  public double variance() {
    if (count < 2) {
      return Double.NaN;
    }
    double mean = sum / count;
    return Math.max(0, (sumOfSquares - count * mean * mean) / (count - 1));
  }
}
