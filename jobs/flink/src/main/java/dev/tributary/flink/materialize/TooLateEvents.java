package dev.tributary.flink.materialize;

import dev.tributary.core.view.ViewProgram;
import dev.tributary.core.window.StreamingChangePoints;
import dev.tributary.flink.records.DeadLetter;
import dev.tributary.flink.records.ViewEvent;
import java.io.Serializable;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.OutputTag;

/**
 * The events {@link ViewMaterializer} rejects because they are older than the watermark minus the
 * allowed lateness (normally caught upstream): counted, and dead-lettered with the reason.
 */
final class TooLateEvents implements Serializable {
  private static final long serialVersionUID = 1L;

  static final OutputTag<DeadLetter> TOO_LATE =
      new OutputTag<>("too-late-events", TypeInformation.of(DeadLetter.class));

  private transient Counter tooLate;

  void open(RuntimeContext context) {
    tooLate = context.getMetricGroup().counter("eventsTooLate");
  }

  void reject(
      ViewProgram program,
      ViewEvent event,
      StreamingChangePoints points,
      KeyedProcessFunction<?, ?, ?>.Context context) {
    tooLate.inc();
    context.output(
        TOO_LATE,
        new DeadLetter(
            program.view().source().name(),
            "{\"view\":\"" + program.view().name() + "\",\"key\":\"" + event.key + "\"}",
            "event time "
                + event.eventTime
                + " is older than the watermark minus the allowed lateness ("
                + points.acceptsFrom()
                + "): published values are final",
            event.eventTime,
            context.timerService().currentProcessingTime()));
  }
}
