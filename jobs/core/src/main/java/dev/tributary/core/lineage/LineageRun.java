package dev.tributary.core.lineage;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What one run of a job read and wrote, as edges through what it computed ({@code file -> view ->
 * table}); its inputs are the nodes nothing in it writes, its outputs the nodes nothing in it
 * reads.
 */
public final class LineageRun {
  private final String job;
  private final String runId;
  private final Instant startedAt;
  private final Map<String, LineageNode> nodes = new LinkedHashMap<>();
  private final List<String[]> links = new ArrayList<>();

  public LineageRun(String job, Instant startedAt) {
    this(job, UUID.randomUUID().toString(), startedAt);
  }

  public LineageRun(String job, String runId, Instant startedAt) {
    this.job = job;
    this.runId = runId;
    this.startedAt = startedAt;
  }

  /** Records that {@code from} went into {@code to}. */
  public LineageRun link(LineageNode from, LineageNode to) {
    nodes.putIfAbsent(from.id(), from);
    nodes.putIfAbsent(to.id(), to);
    links.add(new String[] {from.id(), to.id()});
    return this;
  }

  public String job() {
    return job;
  }

  public String runId() {
    return runId;
  }

  public Instant startedAt() {
    return startedAt;
  }

  /** The rows of {@code registry.lineage}, recorded at {@code now}. */
  public List<LineageEdge> edges(Instant now) {
    return links.stream()
        .map(l -> new LineageEdge(l[0], nodes.get(l[0]).detail(), l[1], job, runId, now))
        .toList();
  }

  /** What the run read from outside: nodes no edge of the run leads to. */
  public List<LineageNode> inputs() {
    List<String> targets = links.stream().map(l -> l[1]).toList();
    return nodes.values().stream().filter(n -> !targets.contains(n.id())).toList();
  }

  /** What the run left behind: nodes no edge of the run leaves. */
  public List<LineageNode> outputs() {
    List<String> sources = links.stream().map(l -> l[0]).toList();
    return nodes.values().stream().filter(n -> !sources.contains(n.id())).toList();
  }
}
