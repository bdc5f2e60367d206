package dev.tributary.flink.sourceinput;

import dev.tributary.core.defs.Source;
import dev.tributary.core.expr.EvaluationException;
import dev.tributary.core.records.ParseOutcome;
import dev.tributary.core.records.ParsedEvent;
import dev.tributary.core.records.RecordRejection;
import dev.tributary.core.records.RowEncoder;
import dev.tributary.core.rejection.InputTally;
import dev.tributary.core.rejection.RejectionTally;
import dev.tributary.flink.records.DeadLetter;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.util.ListCollector;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.operators.AbstractUdfStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.operators.TimestampedCollector;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.util.InstantiationUtil;
import org.apache.flink.util.OutputTag;

/**
 * Reads each element of a batch input (a file path, a table row) with its {@link RecordReader},
 * hands every good record to a {@link GoodRecords} function, and accounts for every record, so a
 * batch job drops nothing without a word:
 *
 * <pre>
 *  elements ─► RecordReading ─► what the good records give (view events, spine rows)
 *                 ├─► side output DEAD_LETTERS: every rejected record, reason with where it was found
 *                 └─► side output TALLIES: at the end of input, this subtask's InputTally (serialized)
 * </pre>
 *
 * <p>The tally goes out at the end of input, where a function cannot emit: hence an operator, not a
 * flat-map function. {@link RejectionGate} merges the tallies and decides before anything commits.
 *
 * @param <T> what the reader reads
 * @param <O> what the good records give
 */
public final class RecordReading<T, O> extends AbstractUdfStreamOperator<O, GoodRecords<T, O>>
    implements OneInputStreamOperator<T, O>, BoundedOneInput {
  private static final long serialVersionUID = 1L;

  public static final OutputTag<DeadLetter> DEAD_LETTERS =
      new OutputTag<>("rejected-records", TypeInformation.of(DeadLetter.class));

  public static final OutputTag<byte[]> TALLIES =
      new OutputTag<>("record-tallies", PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO);

  private final Source source;
  private final String inputName;
  private final boolean deadLetters;
  private final long recordedAt;
  private transient InputTally tally;
  private transient TimestampedCollector<O> out;
  private transient Counter rejectedCounter;
  private transient RowEncoder json;

  /**
   * @param inputName the input in the summary: {@code events of flights}, {@code spine rows of
   *     flights}
   * @param deadLetters whether rejected records go to the dead letters; false when another reading
   *     of the same records in the job already sends them
   * @param recordedAt the {@code recorded_at} of this run's dead letters (UTC ms)
   */
  RecordReading(
      GoodRecords<T, O> function,
      Source source,
      String inputName,
      boolean deadLetters,
      long recordedAt) {
    super(function);
    this.source = source;
    this.inputName = inputName;
    this.deadLetters = deadLetters;
    this.recordedAt = recordedAt;
  }

  /**
   * Reads {@code elements} with {@code function}, named and with the uid {@code uid}; the side
   * outputs are at {@link #DEAD_LETTERS} and {@link #TALLIES}.
   */
  public static <T, O> SingleOutputStreamOperator<O> read(
      DataStream<T> elements,
      GoodRecords<T, O> function,
      TypeInformation<O> type,
      Source source,
      String inputName,
      boolean deadLetters,
      long recordedAt,
      String uid) {
    return elements
        .transform(
            inputName,
            type,
            new RecordReading<>(function, source, inputName, deadLetters, recordedAt))
        .uid(uid);
  }

  @Override
  public void open() throws Exception {
    super.open();
    tally = new InputTally();
    out = new TimestampedCollector<>(output);
    out.eraseTimestamp();
    rejectedCounter = getRuntimeContext().getMetricGroup().counter("recordsRejected");
    json = new RowEncoder(source.schema());
  }

  @Override
  public void processElement(StreamRecord<T> element) {
    userFunction.reader().read(element.getValue(), this::account);
  }

  private void account(ParseOutcome outcome) {
    tally.countRead();
    if (outcome instanceof RecordRejection rejection) {
      reject(rejection);
      return;
    }
    ParsedEvent event = (ParsedEvent) outcome;
    List<O> given = new ArrayList<>(2);
    boolean used;
    try {
      used = userFunction.accept(event, new ListCollector<>(given));
    } catch (EvaluationException unusable) {
      reject(new RecordRejection(unusable.getMessage()).withPayload(json.encode(event.row())));
      return;
    }
    given.forEach(out::collect);
    if (used) {
      tally.countUsed();
    }
  }

  private void reject(RecordRejection rejection) {
    tally.countRejected(rejection);
    rejectedCounter.inc();
    if (deadLetters) {
      output.collect(
          DEAD_LETTERS,
          new StreamRecord<>(
              new DeadLetter(
                  source.name(),
                  rejection.payload() == null ? "" : rejection.payload(),
                  rejection.reason(),
                  DeadLetter.NO_EVENT_TIME,
                  recordedAt)));
    }
  }

  @Override
  public void endInput() throws Exception {
    RejectionTally mine = new RejectionTally();
    mine.input(inputName).merge(tally);
    output.collect(TALLIES, new StreamRecord<>(InstantiationUtil.serializeObject(mine)));
  }
}
