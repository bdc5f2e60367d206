package dev.tributary.flink.materialize;

import dev.tributary.core.view.ViewProgram;
import dev.tributary.core.window.StreamingChangePoints;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;

/**
 * {@link ViewMaterializer}'s keyed state: per view version, the entity's change points, in a state
 * named by the version ({@code change-points-<view>__<version>}) and written with {@link
 * ChangePointsSerializer}. The key names the view version too ({@link
 * dev.tributary.flink.records.ViewVersionKey}), so a view's keys only ever touch their own state.
 */
final class ChangePointsState implements Serializable {
  private static final long serialVersionUID = 1L;

  private final List<ViewProgram> programs;
  private final long[] allowedLatenessMillis;
  private transient List<ValueState<StreamingChangePoints>> states;
  private transient RuntimeContext context;

  ChangePointsState(List<ViewProgram> programs) {
    this.programs = programs;
    this.allowedLatenessMillis =
        programs.stream()
            .mapToLong(p -> p.view().source().watermarks().allowedLateness().toMillis())
            .toArray();
  }

  void open(RuntimeContext context) {
    this.context = context;
    states = new ArrayList<>();
    for (int view = 0; view < programs.size(); view++) {
      ViewProgram program = programs.get(view);
      states.add(
          context.getState(
              new ValueStateDescriptor<>(
                  name(program.view().versionedName()),
                  new ChangePointsSerializer(program, allowedLatenessMillis[view]))));
    }
  }

  /** The entity's change points of {@code view}, new ones when it has none. */
  StreamingChangePoints load(int view) throws Exception {
    StreamingChangePoints points = states.get(view).value();
    return points != null
        ? points
        : new StreamingChangePoints(programs.get(view).spec(), allowedLatenessMillis[view]);
  }

  /** The entity's stored change points of {@code view}, or null when it has none. */
  StreamingChangePoints stored(int view) throws Exception {
    return states.get(view).value();
  }

  void update(int view, StreamingChangePoints points) throws Exception {
    states.get(view).update(points);
  }

  void clear(int view) {
    states.get(view).clear();
  }

  /**
   * Drops the entity's change points of a view version this job no longer materializes, restored
   * from a savepoint of a job that did. The state is reached through {@link
   * ChangePointsSerializer#ofRemoved}, which takes on the restored serializer (it carries the
   * version's definition); without this, the removed version's state would be carried from
   * savepoint to savepoint for ever.
   *
   * <p>The job's own versions' states are cleared for the key too: a savepoint of a build that
   * keyed this state by the view's position ({@code 0:SFO}) holds its entries under such keys,
   * which no event of this job reaches.
   */
  void clearRemoved(String versionedName) {
    context
        .getState(
            new ValueStateDescriptor<>(
                name(versionedName), ChangePointsSerializer.ofRemoved(versionedName)))
        .clear();
    states.forEach(ValueState::clear);
  }

  private static String name(String versionedName) {
    return "change-points-" + versionedName;
  }
}
