#!/usr/bin/env python3
"""Known answers for BinaryMetricsTest, computed with SciPy and NumPy instead of the Java code.

Writes binary-metrics-cases.csv (case, score, label: the scores are float32 values, printed so
that Java's Float.parseFloat reads back the same float) and binary-metrics-expected.csv (case,
auc, log_loss, accuracy). Run from this folder to regenerate: python3 binary_metrics_known_answers.py

- AUC: the Mann-Whitney U statistic of the positives' scores against the negatives' (scipy.stats,
  midranks for ties) divided by positives * negatives.
- log loss: the mean of -(y log p + (1 - y) log(1 - p)) with p clipped to [1e-7, 1 - 1e-7], the
  clipping BinaryMetrics documents (scipy.special.xlogy).
- accuracy: the share of rows where (p > 0.5) equals the label.
"""
import csv

import numpy as np
from scipy.special import xlogy
from scipy.stats import mannwhitneyu

CLIP = 1e-7


def cases():
    rng = np.random.default_rng(20261206)
    # Calibrated-ish scores with many ties (two decimals), as a model's held-out scores.
    scores = np.round(rng.beta(2, 5, size=400), 2).astype(np.float32)
    labels = rng.random(400) < scores
    yield "tied_scores", scores, labels
    # Continuous scores, no ties, a weak signal.
    scores = rng.random(1000).astype(np.float32)
    labels = rng.random(1000) < 0.3 + 0.4 * scores
    yield "continuous", scores, labels
    # Probabilities at and beyond the clipping, and exactly 0.5 (not counted as positive).
    scores = np.array([0.0, 1.0, 1.0, 0.0, 0.5, 0.5, 1e-9, 1 - 1e-9, 0.25, 0.75], dtype=np.float32)
    labels = np.array([False, True, False, True, True, False, False, True, True, False])
    yield "extremes", scores, labels
    # Perfect ranking, inverted ranking, one score for every row.
    scores = np.array([0.1, 0.2, 0.3, 0.7, 0.8, 0.9], dtype=np.float32)
    yield "separated", scores, np.array([False, False, False, True, True, True])
    yield "inverted", scores, np.array([True, True, True, False, False, False])
    yield "all_tied", np.full(6, 0.4, dtype=np.float32), np.array([True, False] * 3)


def expected(scores, labels):
    p = scores.astype(np.float64)
    positives, negatives = p[labels], p[~labels]
    u = mannwhitneyu(positives, negatives, alternative="two-sided").statistic
    auc = u / (len(positives) * len(negatives))
    clipped = np.clip(p, CLIP, 1 - CLIP)
    y = labels.astype(np.float64)
    log_loss = -np.mean(xlogy(y, clipped) + xlogy(1 - y, 1 - clipped))
    accuracy = np.mean((p > 0.5) == labels)
    return auc, log_loss, accuracy


def main():
    with open("binary-metrics-cases.csv", "w", newline="") as rows, open(
        "binary-metrics-expected.csv", "w", newline=""
    ) as answers:
        rows_out = csv.writer(rows, lineterminator="\n")
        answers_out = csv.writer(answers, lineterminator="\n")
        rows_out.writerow(["case", "score", "label"])
        answers_out.writerow(["case", "auc", "log_loss", "accuracy"])
        for name, scores, labels in cases():
            for score, label in zip(scores, labels):
                rows_out.writerow([name, repr(float(score)), "1" if label else "0"])
            answers_out.writerow([name] + [repr(float(v)) for v in expected(scores, labels)])


if __name__ == "__main__":
    main()
