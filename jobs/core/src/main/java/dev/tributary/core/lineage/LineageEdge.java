package dev.tributary.core.lineage;

import java.time.Instant;

/**
 * One row of {@code registry.lineage}: {@code from} was read to make {@code to} by a run of a job.
 *
 * @param from a {@link LineageNode#id()}
 * @param fromDetail the input's {@link LineageNode#detail()} as the run read it
 * @param to a {@link LineageNode#id()}
 * @param job backfill, materialize, training-set, models, score, monitor
 * @param runId the run, the same for every edge it wrote
 */
public record LineageEdge(
    String from, String fromDetail, String to, String job, String runId, Instant recordedAt) {}
