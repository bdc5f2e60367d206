package dev.tributary.core.lineage;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The lineage edges of every run, walked from one node: upstream (what it was made from, down to
 * the source files and topics) or downstream (what was made from it, up to predictions and
 * metrics).
 */
public final class LineageGraph {
  private final List<LineageEdge> edges;

  public LineageGraph(List<LineageEdge> edges) {
    this.edges = List.copyOf(edges);
  }

  /** Every node id named by {@code query} (an id, or an id without its snapshot), sorted. */
  public List<String> nodes(String query) {
    TreeSet<String> found = new TreeSet<>();
    for (LineageEdge edge : edges) {
      for (String id : List.of(edge.from(), edge.to())) {
        if (LineageNode.matches(id, query)) {
          found.add(id);
        }
      }
    }
    return new ArrayList<>(found);
  }

  /** The nodes reachable from {@code start} against ({@code upstream}) or along the edges. */
  public Set<String> reachable(String start, boolean upstream) {
    Set<String> seen = new LinkedHashSet<>();
    walk(start, upstream, seen);
    seen.remove(start);
    return seen;
  }

  /**
   * The tree below {@code start}, one node per line indented by depth, each with the job that made
   * the edge and the input's detail; a node already printed is printed again without its subtree.
   */
  public List<String> tree(String start, boolean upstream) {
    List<String> lines = new ArrayList<>();
    lines.add(start);
    print(start, upstream, 1, new LinkedHashSet<>(Set.of(start)), lines);
    return lines;
  }

  private void print(
      String node, boolean upstream, int depth, Set<String> printed, List<String> out) {
    for (LineageEdge edge : neighbours(node, upstream)) {
      String next = upstream ? edge.from() : edge.to();
      String detail =
          upstream && !edge.fromDetail().isEmpty() ? " (" + edge.fromDetail() + ")" : "";
      boolean first = printed.add(next);
      out.add(
          "  ".repeat(depth)
              + (upstream ? "<- " : "-> ")
              + next
              + detail
              + "  ["
              + edge.job()
              + "]"
              + (first ? "" : " ..."));
      if (first) {
        print(next, upstream, depth + 1, printed, out);
      }
    }
  }

  private void walk(String node, boolean upstream, Set<String> seen) {
    if (!seen.add(node)) {
      return;
    }
    for (LineageEdge edge : neighbours(node, upstream)) {
      walk(upstream ? edge.from() : edge.to(), upstream, seen);
    }
  }

  /** The distinct edges into (upstream) or out of a node, one per neighbour. */
  private List<LineageEdge> neighbours(String node, boolean upstream) {
    List<LineageEdge> found = new ArrayList<>();
    Set<String> seen = new LinkedHashSet<>();
    for (LineageEdge edge : edges) {
      String here = upstream ? edge.to() : edge.from();
      String there = upstream ? edge.from() : edge.to();
      if (here.equals(node) && seen.add(there)) {
        found.add(edge);
      }
    }
    return found;
  }
}
