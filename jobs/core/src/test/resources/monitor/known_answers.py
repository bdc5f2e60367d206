#!/usr/bin/env python3
"""Known answers for the monitoring statistics (dev.tributary.core.monitor), computed with numpy/scipy.

Regenerate: python3 known_answers.py > known-answers.txt   (numpy seed fixed: the output is stable)

Every line is `name: value value ...`. Inputs (scores, labels, samples) and expected outputs share
the file so the Java tests read both. DeLong is implemented here from the published algorithm
(DeLong, DeLong & Clarke-Pearson 1988: structural components V10/V01 over all positive/negative
pairs, O(m n)), independently of the Java version, which works on score histograms.
"""
import numpy as np
from scipy import stats
from scipy.spatial.distance import jensenshannon

rng = np.random.default_rng(20261206)
out = []


def put(name, values):
    values = np.atleast_1d(values)
    out.append(name + ": " + " ".join(repr(float(v)) for v in values))


def model_scores(n, base_rate, separation, quantize):
    y = (rng.random(n) < base_rate).astype(int)
    logit = -1.0 + separation * y + rng.normal(0, 1, n)
    s = 1 / (1 + np.exp(-logit))
    if quantize:  # multiples of 1/1024: exact in binary, one per histogram bin, so binned AUC is exact
        s = np.minimum(np.floor(s * 1024), 1023) / 1024
    return s, y


def auc(s, y):
    pos, neg = s[y == 1], s[y == 0]
    u = stats.mannwhitneyu(pos, neg, alternative="two-sided").statistic
    return u / (len(pos) * len(neg))


def delong_components(s, y):
    pos, neg = s[y == 1], s[y == 0]
    psi = (pos[:, None] > neg[None, :]) + 0.5 * (pos[:, None] == neg[None, :])
    v10 = psi.mean(axis=1)  # per positive
    v01 = psi.mean(axis=0)  # per negative
    a = psi.mean()
    var = v10.var(ddof=1) / len(pos) + v01.var(ddof=1) / len(neg)
    return a, var


def log_losses(s, y):
    p = np.clip(s, 1e-15, 1 - 1e-15)
    return -(y * np.log(p) + (1 - y) * np.log(1 - p))


for quantize, tag in ((True, "q"), (False, "c")):
    sa, ya = model_scores(1500, 0.3, 1.2, quantize)
    sb, yb = model_scores(1800, 0.3, 1.6, quantize)
    put(f"{tag}.a.scores", sa)
    put(f"{tag}.a.labels", ya)
    put(f"{tag}.b.scores", sb)
    put(f"{tag}.b.labels", yb)
    for v, s, y in (("a", sa, ya), ("b", sb, yb)):
        a, var = delong_components(s, y)
        assert abs(a - auc(s, y)) < 1e-12
        ll = log_losses(s, y)
        put(f"{tag}.{v}.auc", a)
        put(f"{tag}.{v}.auc_variance", var)
        put(f"{tag}.{v}.log_loss", ll.mean())
        put(f"{tag}.{v}.brier", np.mean((s - y) ** 2))
        put(f"{tag}.{v}.accuracy", np.mean((s >= 0.5) == (y == 1)))
        put(f"{tag}.{v}.base_rate", y.mean())
        # reliability: 10 equal-width bins of the score, the top bin closed
        b = np.minimum((s * 10).astype(int), 9)
        put(f"{tag}.{v}.reliability_count", [np.sum(b == i) for i in range(10)])
        put(f"{tag}.{v}.reliability_mean_score", [s[b == i].mean() if np.any(b == i) else np.nan for i in range(10)])
        put(f"{tag}.{v}.reliability_rate", [y[b == i].mean() if np.any(b == i) else np.nan for i in range(10)])
    # unpaired DeLong: independent samples, the variances add
    (a1, v1), (a2, v2) = delong_components(sb, yb), delong_components(sa, ya)
    z = (a1 - a2) / np.sqrt(v1 + v2)
    put(f"{tag}.delong.diff_b_minus_a", a1 - a2)
    put(f"{tag}.delong.z", z)
    put(f"{tag}.delong.p", 2 * stats.norm.sf(abs(z)))
    put(f"{tag}.delong.ci95", [a1 - a2 - stats.norm.ppf(0.975) * np.sqrt(v1 + v2), a1 - a2 + stats.norm.ppf(0.975) * np.sqrt(v1 + v2)])
    # unpaired log loss: Welch statistic (scipy), normal p-value (large samples)
    lla, llb = log_losses(sa, ya), log_losses(sb, yb)
    t = stats.ttest_ind(llb, lla, equal_var=False)
    put(f"{tag}.logloss_unpaired.z", t.statistic)
    put(f"{tag}.logloss_unpaired.p", 2 * stats.norm.sf(abs(t.statistic)))
    # accuracy: two-proportion z-test, pooled; chi-square without continuity correction gives z^2
    ca = int(np.sum((sa >= 0.5) == (ya == 1)))
    cb = int(np.sum((sb >= 0.5) == (yb == 1)))
    table = np.array([[cb, len(sb) - cb], [ca, len(sa) - ca]])
    chi2, p, _, _ = stats.chi2_contingency(table, correction=False)
    put(f"{tag}.accuracy_test.z_abs", np.sqrt(chi2))
    put(f"{tag}.accuracy_test.p", p)

# paired log loss: two models scoring the same requests (shadow traffic)
y = (rng.random(1200) < 0.4).astype(int)
noise = rng.normal(0, 1, 1200)
s1 = 1 / (1 + np.exp(-(-0.5 + 1.0 * y + noise)))
s2 = 1 / (1 + np.exp(-(-0.5 + 1.3 * y + noise + rng.normal(0, 0.5, 1200))))
put("paired.labels", y)
put("paired.a.scores", s1)
put("paired.b.scores", s2)
t = stats.ttest_rel(log_losses(s2, y), log_losses(s1, y))
put("paired.logloss.z", t.statistic)
put("paired.logloss.p", 2 * stats.norm.sf(abs(t.statistic)))

# always-valid p-value of a normal mixture SPRT (Johari, Pekelis, Walsh 2017): for an estimate
# theta with variance v and a N(0, tau^2) mixture, Lambda = sqrt(v/(v+tau^2)) exp(theta^2 tau^2 / (2 v (v+tau^2)))
for i, (theta, v, tau2) in enumerate(((0.02, 1e-4, 1e-3), (0.05, 4e-4, 1e-3), (-0.01, 2.5e-5, 4e-4))):
    lam = np.sqrt(v / (v + tau2)) * np.exp(theta**2 * tau2 / (2 * v * (v + tau2)))
    put(f"msprt.{i}.input", [theta, v, tau2])
    put(f"msprt.{i}.p", min(1.0, 1 / lam))

# drift: a baseline sample with quantile edges and exact bin counts, and a shifted live sample
base = rng.normal(10, 3, 20000)
base[rng.random(20000) < 0.02] = np.nan
live = rng.normal(10.8, 3.4, 5000)
live[rng.random(5000) < 0.05] = np.nan
present = base[~np.isnan(base)]
edges = np.quantile(present, np.linspace(0, 1, 11))
def counts(x, edges):
    x = x[~np.isnan(x)]
    idx = np.clip(np.searchsorted(edges, x, side="right") - 1, 0, len(edges) - 2)
    return np.bincount(idx, minlength=len(edges) - 1)
bc, lc = counts(base, edges), counts(live, edges)
put("drift.baseline.values", base)
put("drift.live.values", live)
put("drift.edges", edges)
put("drift.baseline.counts", bc)
put("drift.live.counts", lc)
e, a = bc / bc.sum(), lc / lc.sum()
ef, af = np.maximum(e, 1e-4), np.maximum(a, 1e-4)
put("drift.psi", np.sum((af - ef) * np.log(af / ef)))
put("drift.js_base2", jensenshannon(a, e, base=2))
put("drift.ks", stats.ks_2samp(live[~np.isnan(live)], present).statistic)
put("drift.null_rate.baseline", np.mean(np.isnan(base)))
put("drift.null_rate.live", np.mean(np.isnan(live)))
# small samples that KLL keeps whole (exact KS): multiples of 1/64, exact as floats
small_b = np.round(rng.normal(0, 1, 150) * 64) / 64
small_l = np.round(rng.normal(0.4, 1, 120) * 64) / 64
put("ks_small.baseline", small_b)
put("ks_small.live", small_l)
put("ks_small.ks", stats.ks_2samp(small_l, small_b).statistic)

print("# generated by known_answers.py (numpy %s, scipy %s); do not edit" % (np.__version__, __import__("scipy").__version__))
print("\n".join(out))
