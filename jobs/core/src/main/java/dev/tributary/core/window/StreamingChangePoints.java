package dev.tributary.core.window;

import dev.tributary.core.agg.AggregateSpec;
import dev.tributary.core.agg.AggregateState;
import dev.tributary.core.agg.ValueCodec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * One entity's change points, computed incrementally as events arrive out of order and time
 * advances: the state a streaming operator keeps per key (as bytes, see {@link #toBytes()}).
 *
 * <pre>
 *   accept(event) ---&gt; pending raw events ----compact----&gt; hop tiles (per feature)
 *        |                     \                               /
 *        | (ts &lt; emitted)        +--- advanceTo(T): sweep ---+---&gt; new rows (emitted, T]
 *        +--&gt; Correction: rows (ts, emitted] recomputed and diffed against the emitted rows
 * </pre>
 *
 * <p>Protocol. {@link #advanceTo(long)} emits the rows with {@code validFrom} in (previous T, T];
 * they are final for every event with {@code ts >= T} (such an event takes effect after T), so a
 * Flink operator calls it with {@code T = watermark + 1}. An event with {@code ts < T} may still
 * arrive while {@code ts >= T - allowedLateness}: {@link #accept} then returns the {@link
 * Correction} of the rows from {@code ts + 1} through T. An older event is rejected and changes
 * nothing (the product contract: late events never change published values).
 *
 * <p>Bounded state. Rows with {@code validFrom <= T - allowedLateness} can no longer change, so on
 * each advance the events before that horizon (rounded down to each feature's hop) are folded into
 * per-feature hop tiles (one running state for lifetime features), tiles that can no longer be in
 * any window are dropped, and only the last emitted row at or before the horizon is kept. What
 * remains is about W/H tiles per windowed feature plus the events and rows of the last
 * allowedLateness + H milliseconds.
 *
 * <p>An advance continues the sweep of the previous one (a {@link SweepCursor}): its cost is the
 * events and tile drops since, not the tiles of the whole window. A late event before the sweep's
 * position makes the next advance re-sweep the retained tiles and events once (O(tiles + events)).
 */
public final class StreamingChangePoints {

  private static final byte FORMAT_VERSION = 1;

  private final ViewSpec view;
  private final long allowedLatenessMillis;

  /**
   * Rows with validFrom at or before this have been emitted; MIN_VALUE before the first advance.
   */
  private long emittedThrough = Long.MIN_VALUE;

  private boolean anyFolded;
  private long newestFolded;

  /** Per feature: the tiles of the folded events by hop bucket; lifetime features use bucket 0. */
  private final List<FoldedTiles> foldedTiles = new ArrayList<>();

  /** Raw events not yet folded, ascending by event time. */
  private final List<Event> pending = new ArrayList<>();

  /** The emitted rows that can still change, preceded by the last one that cannot. */
  private final List<ChangePoint> emitted = new ArrayList<>();

  /**
   * The candidate change times but TTL expiries ({@link #expiries}), sorted and distinct: with them
   * a superset of the times at which a value can change after {@link #acceptsFrom()}, kept between
   * calls so that advances and next-change queries do not rebuild and sort them from every tile and
   * event each time. Null until first needed. A superset is safe: a sweep evaluates a candidate and
   * emits a row only if a value changed.
   */
  private SortedTimes candidates;

  /** The TTL expiries, the candidates not in {@link #candidates}: derived from the events. */
  private final ExpiryTimes expiries;

  /**
   * The sweep of the last advance or correction, continued by the next one when nothing before its
   * position changed since; null when it must be rebuilt from the tiles. Not part of the state's
   * bytes: a restored state rebuilds it once.
   */
  private SweepCursor emitCursor;

  /** Likewise for {@link #valuesAt}, which runs ahead of the emitted time and so needs its own. */
  private SweepCursor onlineCursor;

  /**
   * @param view the view's features and TTL
   * @param allowedLatenessMillis how far before the emitted time an event may still arrive and
   *     correct emitted rows (0: never)
   */
  public StreamingChangePoints(ViewSpec view, long allowedLatenessMillis) {
    if (allowedLatenessMillis < 0) {
      throw new IllegalArgumentException(
          "allowed lateness must be 0 or positive, got " + allowedLatenessMillis);
    }
    this.view = view;
    this.allowedLatenessMillis = allowedLatenessMillis;
    this.expiries = new ExpiryTimes(view);
    for (int i = 0; i < view.size(); i++) {
      foldedTiles.add(new FoldedTiles());
    }
  }

  /** The T of the last {@link #advanceTo(long)}, or Long.MIN_VALUE before any. */
  public long emittedThrough() {
    return emittedThrough;
  }

  /** The oldest event time still accepted: emittedThrough - allowedLateness. */
  public long acceptsFrom() {
    if (emittedThrough == Long.MIN_VALUE
        || emittedThrough < Long.MIN_VALUE + allowedLatenessMillis) {
      return Long.MIN_VALUE;
    }
    return emittedThrough - allowedLatenessMillis;
  }

  /**
   * Takes an event in any order. Returns {@link Correction#REJECTED} when {@code ts <
   * acceptsFrom()}, {@link Correction#NONE} when {@code ts >= emittedThrough()} (it will show in a
   * later advance), otherwise the correction of the rows in (ts, emittedThrough()].
   */
  public Correction accept(Event event) {
    view.checkInputs(event.inputs());
    long ts = event.eventTimeMillis();
    if (ts < acceptsFrom()) {
      return Correction.REJECTED;
    }
    insertPending(event);
    noteCandidates(event);
    // A cursor fed past ts lacks this event. The online one takes it when it can: it only ever
    // moves forward. The emit cursor cannot: a correction re-sweeps from ts.
    if (onlineCursor != null && onlineCursor.position() > ts && !onlineCursor.takeLate(event)) {
      onlineCursor = null;
    }
    if (emitCursor != null && emitCursor.position() > ts) {
      emitCursor = null;
    }
    if (ts >= emittedThrough) {
      return Correction.NONE;
    }
    int firstAffected = 0;
    while (firstAffected < emitted.size() && emitted.get(firstAffected).validFrom() <= ts) {
      firstAffected++;
    }
    List<ChangePoint> affected = emitted.subList(firstAffected, emitted.size());
    List<ChangePoint> before = List.copyOf(affected);
    List<ChangePoint> after = sweep(ts, emittedThrough, valuesBefore(firstAffected));
    affected.clear();
    emitted.addAll(after);
    return Correction.between(before, after);
  }

  /** Emits the rows with validFrom in (emittedThrough(), time] and compacts the state. */
  public List<ChangePoint> advanceTo(long time) {
    if (time <= emittedThrough) {
      return List.of();
    }
    List<ChangePoint> rows = sweep(emittedThrough, time, valuesBefore(emitted.size()));
    emitted.addAll(rows);
    emittedThrough = time;
    compact();
    return rows;
  }

  /**
   * The values as of any {@code t > acceptsFrom()}, including times not yet emitted (what the
   * online store serves as of the newest event + 1 ms before the watermark gets there). Nothing is
   * emitted or compacted.
   */
  public Object[] valuesAt(long t) {
    if (t <= acceptsFrom()) {
      throw new IllegalArgumentException(
          "values as of " + t + " were folded into tiles; ask for a time after " + acceptsFrom());
    }
    onlineCursor = continuable(onlineCursor, t);
    return onlineCursor.valuesAt(t, pending);
  }

  /**
   * Online as-of rule: the time the online store's values are as of. Between the newest event and
   * the emitted time (the watermark) they are as of the newest event + 1 ms, so a served value
   * includes every event seen; once the emitted time passes that, as of the emitted time, so drops
   * out of windows and TTL expiries move the served value too. Never before {@link #acceptsFrom()}
   * + 1, the first time {@link #valuesAt} can answer.
   */
  public long onlineAsOf() {
    return Math.max(Math.max(newestEventTime() + 1, emittedThrough), acceptsFrom() + 1);
  }

  /**
   * True when the newest emitted row is the online value ({@link #onlineAsOf()} is the emitted
   * time): the emitted time has reached the newest event + 1 ms and is not the end of input, which
   * is no time to serve values as of.
   */
  public boolean emittedRowsAreOnline() {
    return emittedThrough != Long.MAX_VALUE && emittedThrough >= newestEventTime() + 1;
  }

  /** The newest event time accepted so far, or Long.MIN_VALUE before any event. */
  public long newestEventTime() {
    long newest = anyFolded ? newestFolded : Long.MIN_VALUE;
    return pending.isEmpty()
        ? newest
        : Math.max(newest, pending.get(pending.size() - 1).eventTimeMillis());
  }

  /** How many raw events and tiles the state holds, to check it stays bounded. */
  public int retainedEventsAndTiles() {
    return pending.size() + foldedTiles.stream().mapToInt(FoldedTiles::size).sum();
  }

  private Object[] valuesBefore(int rowIndex) {
    return rowIndex == 0 ? view.valuesWithoutEvents() : emitted.get(rowIndex - 1).values();
  }

  private void insertPending(Event event) {
    int at = pending.size();
    while (at > 0 && pending.get(at - 1).eventTimeMillis() > event.eventTimeMillis()) {
      at--;
    }
    pending.add(at, event);
  }

  /**
   * The first time after {@link #emittedThrough()} at which a value can change (an event taking
   * effect, a tile leaving a window, the TTL running out), or Long.MAX_VALUE when none can. No row
   * is emitted before it, so an operator can set one event-time timer at {@code nextChangeTime() -
   * 1} per entity instead of advancing every entity on every watermark; it is exact until the next
   * {@link #accept} or {@link #advanceTo}.
   */
  public long nextChangeTime() {
    SortedTimes times = candidates();
    int first = times.firstAfter(emittedThrough);
    long stored = first == times.size() ? Long.MAX_VALUE : times.get(first);
    return Math.min(stored, expiries.firstAfter(emittedThrough, pending, anyFolded, newestFolded));
  }

  /** The rows in (from, to] from folded tiles plus pending events, compared from {@code before}. */
  private List<ChangePoint> sweep(long from, long to, Object[] before) {
    SortedTimes times = candidates();
    long[] within =
        SortedTimes.union(
            times.copyOfRange(times.firstAfter(from), times.firstAfter(to)),
            expiries.within(from, to, pending, anyFolded, newestFolded));
    // Most watermark advances cross no change time: skip merging the tiles then.
    if (within.length == 0) {
      return List.of();
    }
    emitCursor = continuable(emitCursor, within[0]);
    return ChangePoints.emit(emitCursor, pending, within, before);
  }

  /** The cursor when it can still answer as of {@code t}, else a new one over the folded tiles. */
  private SweepCursor continuable(SweepCursor cursor, long t) {
    return cursor != null && cursor.reaches(t) ? cursor : new SweepCursor(loadedSweep());
  }

  private SortedTimes candidates() {
    if (candidates == null) {
      candidates = new SortedTimes(changeTimes().sortedWithin(Long.MIN_VALUE, Long.MAX_VALUE));
    }
    return candidates;
  }

  /** Adds an accepted event's change times to the known candidates. */
  private void noteCandidates(Event event) {
    if (candidates == null) {
      return;
    }
    ChangeTimes times = new ChangeTimes(view);
    times.addEffectAndTileEnds(event);
    candidates.addAll(times.sortedWithin(Long.MIN_VALUE, Long.MAX_VALUE));
  }

  private ChangeTimes changeTimes() {
    ChangeTimes times = new ChangeTimes(view);
    for (int i = 0; i < view.size(); i++) {
      if (!view.feature(i).isLifetime()) {
        FoldedTiles tiles = foldedTiles.get(i);
        for (int t = 0; t < tiles.size(); t++) {
          times.addTile(i, tiles.bucket(t));
        }
      }
    }
    pending.forEach(times::addEffectAndTileEnds);
    return times;
  }

  /** A sweep holding the folded tiles and the newest folded event time. */
  private ViewSweep loadedSweep() {
    ViewSweep sweep = new ViewSweep(view);
    for (int i = 0; i < view.size(); i++) {
      FoldedTiles tiles = foldedTiles.get(i);
      for (int t = 0; t < tiles.size(); t++) {
        sweep.addTile(i, tiles.bucket(t), tiles.state(t));
      }
    }
    if (anyFolded) {
      sweep.noteEvent(newestFolded);
    }
    return sweep;
  }

  private void compact() {
    long horizon = acceptsFrom();
    if (horizon == Long.MIN_VALUE) {
      return;
    }
    // Keep raw every event a future head could need: from the hop containing the horizon on.
    long keepFrom = horizon;
    for (AggregateSpec spec : view.features()) {
      if (!spec.isLifetime()) {
        keepFrom = Math.min(keepFrom, Math.floorDiv(horizon, spec.hopMillis()) * spec.hopMillis());
      }
    }
    int folded = 0;
    while (folded < pending.size() && pending.get(folded).eventTimeMillis() < keepFrom) {
      folded++;
    }
    if (folded > 0) {
      fold(pending.subList(0, folded));
      // A cursor not yet fed the folded events would no longer find them among the pending ones:
      // it takes them now, rather than being rebuilt from every tile later. The online cursor is
      // often behind (it moves once per publication, while a replay's event time races ahead);
      // the emit cursor has swept past every event before the horizon, so it never is.
      long pastFolded = pending.get(folded - 1).eventTimeMillis() + 1;
      for (SweepCursor cursor : new SweepCursor[] {emitCursor, onlineCursor}) {
        if (cursor != null) {
          cursor.feedTo(pastFolded, pending);
        }
      }
    }
    pending.subList(0, folded).clear();
    for (int i = 0; i < view.size(); i++) {
      AggregateSpec spec = view.feature(i);
      if (!spec.isLifetime()) {
        // Tiles before this left every window as of any time after the horizon.
        foldedTiles
            .get(i)
            .dropBefore(Math.floorDiv(horizon - spec.windowMillis(), spec.hopMillis()));
      }
    }
    if (candidates != null) {
      // No sweep starts before the horizon any more.
      candidates.dropThrough(horizon);
    }
    int lastFinal = -1;
    while (lastFinal + 1 < emitted.size() && emitted.get(lastFinal + 1).validFrom() <= horizon) {
      lastFinal++;
    }
    if (lastFinal > 0) {
      emitted.subList(0, lastFinal).clear();
    }
  }

  /**
   * Folds events, ascending by time, into their features' hop tiles. A tile takes a run of
   * consecutive events, so it is looked up once per run rather than once per event and feature.
   */
  private void fold(List<Event> events) {
    for (int i = 0; i < view.size(); i++) {
      AggregateSpec spec = view.feature(i);
      FoldedTiles tiles = foldedTiles.get(i);
      AggregateState tile = null;
      long tileBucket = 0;
      for (Event event : events) {
        Object input = event.inputs()[i];
        if (input != null) {
          long ts = event.eventTimeMillis();
          long bucket = spec.isLifetime() ? 0 : Math.floorDiv(ts, spec.hopMillis());
          if (tile == null || bucket != tileBucket) {
            tile = tiles.tileFor(bucket, spec::newState);
            tileBucket = bucket;
          }
          tile.add(ts, input);
        }
      }
    }
    long newest = events.get(events.size() - 1).eventTimeMillis();
    newestFolded = anyFolded ? Math.max(newestFolded, newest) : newest;
    anyFolded = true;
  }

  /**
   * An independent copy with the same future, without going through bytes. Flink's heap state
   * backend copies an entity's state on its first access while an asynchronous snapshot serializes
   * the original, so right after every checkpoint each busy entity is copied once: through bytes
   * that cost a full encode and decode, and the copy then rebuilt its sweeps from every tile. Here
   * the tiles are copied, events and emitted rows (never changed in place) shared, and the caches
   * (candidate times, sweep cursors, which hold only their own states) handed to the copy: the
   * original keeps its values and bytes, and would rebuild its caches if used again.
   */
  public StreamingChangePoints copy() {
    StreamingChangePoints copy = new StreamingChangePoints(view, allowedLatenessMillis);
    copy.emittedThrough = emittedThrough;
    copy.anyFolded = anyFolded;
    copy.newestFolded = newestFolded;
    for (int i = 0; i < foldedTiles.size(); i++) {
      copy.foldedTiles.set(i, foldedTiles.get(i).copy());
    }
    copy.pending.addAll(pending);
    copy.emitted.addAll(emitted);
    copy.candidates = candidates;
    copy.emitCursor = emitCursor;
    copy.onlineCursor = onlineCursor;
    candidates = null;
    emitCursor = null;
    onlineCursor = null;
    return copy;
  }

  /** The state as compact bytes; {@link #fromBytes} restores it for the same view. */
  public byte[] toBytes() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(FORMAT_VERSION);
      out.writeLong(emittedThrough);
      out.writeBoolean(anyFolded);
      out.writeLong(newestFolded);
      for (FoldedTiles tiles : foldedTiles) {
        out.writeInt(tiles.size());
        for (int t = 0; t < tiles.size(); t++) {
          out.writeLong(tiles.bucket(t));
          tiles.state(t).writeTo(out);
        }
      }
      out.writeInt(pending.size());
      for (Event event : pending) {
        out.writeLong(event.eventTimeMillis());
        for (int i = 0; i < view.size(); i++) {
          ValueCodec.write(out, view.feature(i).inputType(), event.inputs()[i]);
        }
      }
      out.writeInt(emitted.size());
      for (ChangePoint row : emitted) {
        out.writeLong(row.validFrom());
        for (int i = 0; i < view.size(); i++) {
          ValueCodec.writeResult(out, view.feature(i), row.values()[i]);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /**
   * Restores a state written by {@link #toBytes()} for the same view (same features in the same
   * order; a changed view is a new view version with new state).
   */
  public static StreamingChangePoints fromBytes(
      ViewSpec view, long allowedLatenessMillis, byte[] bytes) {
    StreamingChangePoints state = new StreamingChangePoints(view, allowedLatenessMillis);
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
      byte version = in.readByte();
      if (version != FORMAT_VERSION) {
        throw new IllegalArgumentException(
            "streaming change-point state has format "
                + version
                + ", this build reads "
                + FORMAT_VERSION
                + "; restart the view from a backfill");
      }
      state.emittedThrough = in.readLong();
      state.anyFolded = in.readBoolean();
      state.newestFolded = in.readLong();
      for (int i = 0; i < view.size(); i++) {
        int tiles = in.readInt();
        for (int t = 0; t < tiles; t++) {
          long bucket = in.readLong();
          state.foldedTiles.get(i).append(bucket, view.feature(i).readState(in));
        }
      }
      int events = in.readInt();
      for (int e = 0; e < events; e++) {
        long ts = in.readLong();
        Object[] inputs = new Object[view.size()];
        for (int i = 0; i < inputs.length; i++) {
          inputs[i] = ValueCodec.read(in, view.feature(i).inputType());
        }
        state.pending.add(new Event(ts, inputs));
      }
      int rows = in.readInt();
      for (int r = 0; r < rows; r++) {
        long validFrom = in.readLong();
        Object[] values = new Object[view.size()];
        for (int i = 0; i < values.length; i++) {
          values[i] = ValueCodec.readResult(in, view.feature(i));
        }
        state.emitted.add(new ChangePoint(validFrom, values));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("corrupt streaming change-point state", e);
    }
    return state;
  }
}
