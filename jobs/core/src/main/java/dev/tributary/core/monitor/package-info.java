/**
 * Model monitoring in plain Java: per model version and window, the quality of the predictions
 * ({@code quality}), the significance of an A/B difference between two versions ({@code ab}), drift
 * of the inputs against the training baseline ({@code drift}), serving latency ({@code latency}),
 * the alert rules over all of them ({@code alert}), the join of predictions to their labels ({@code
 * labels}) and the HTML report ({@code report}).
 *
 * <p>Every state is mergeable and has a compact byte form, so a thin Flink operator can keep it in
 * keyed state per (model, version, window) and the same classes compute the report from what the
 * operator wrote. Nothing here imports Flink. docs/monitoring.md explains each statistic and its
 * error bound.
 */
package dev.tributary.core.monitor;
