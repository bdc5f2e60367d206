package dev.tributary.core.monitor.drift;

/**
 * Drift of one feature of one version in one window, as written to {@code monitoring.drift}.
 *
 * @param count live values, nulls included
 * @param psi population stability index over the baseline's bins (shares floored at 1e-4)
 * @param jensenShannon Jensen-Shannon distance (base 2, in [0, 1]) over the same bins
 * @param ks Kolmogorov-Smirnov distance of the live and baseline distributions, from sketches
 * @param ksErrorBound largest distance of {@code ks} from the exact two-sample statistic (99%
 *     confidence for the sketches' part)
 * @param baselineNullRate null share in the training set
 * @param liveNullRate null share in the window
 * @param level the worst level any threshold gives
 */
public record DriftResult(
    String feature,
    long count,
    double psi,
    double jensenShannon,
    double ks,
    double ksErrorBound,
    double baselineNullRate,
    double liveNullRate,
    DriftLevel level) {}
