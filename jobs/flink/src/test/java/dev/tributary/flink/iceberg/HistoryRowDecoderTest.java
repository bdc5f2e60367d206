package dev.tributary.flink.iceberg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tributary.core.defs.FeatureRef;
import dev.tributary.core.defs.FeatureRepository;
import dev.tributary.core.defs.FeatureView;
import dev.tributary.core.keys.EntityKeyCodec;
import dev.tributary.core.training.Spine;
import dev.tributary.core.types.ValueType;
import dev.tributary.core.view.ViewValuesCodec;
import dev.tributary.core.window.Seeds;
import dev.tributary.core.window.ViewSpec;
import dev.tributary.flink.FlightsSample;
import dev.tributary.flink.records.HistoryChange;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.flink.table.data.GenericArrayData;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.junit.jupiter.api.Test;

/**
 * A history table's row, as Iceberg's Flink source reads it, becomes the history row whose values
 * are exactly {@link ViewValuesCodec#encodeValues} of the selected features: the lookups hand those
 * bytes on and the training table's row decodes them with the codec. A list feature ({@code
 * last_n}) and nulls included, which the flights model's inputs do not have.
 */
class HistoryRowDecoderTest {
  @Test
  void randomRowsDecodeToTheCodecsBytes() {
    FeatureRepository definitions = FlightsSample.definitions();
    FeatureView view = definitions.view("route_delays").orElseThrow();
    List<FeatureRef> refs = new ArrayList<>();
    for (String name : List.of("last_delays_5", "last_delay", "flights_7d", "early_departures")) {
      refs.add(new FeatureRef(view, view.feature(name).orElseThrow()));
    }
    TrainingColumns columns =
        TrainingColumns.of(Spine.ofLabel(definitions.model("flight_delay").orElseThrow()), refs);
    ViewSpec selected = columns.selectedSpec(0);
    int keys = view.entity().keys().size();
    boolean hasList = false;
    for (int i = 0; i < selected.size(); i++) {
      hasList |= selected.feature(i).function().producesList();
    }
    assertTrue(hasList, "the test needs a list feature among " + refs);

    HistoryRowDecoder decoder = new HistoryRowDecoder(0, columns);
    long seed = Seeds.base();
    Random random = new Random(seed);
    for (int round = 0; round < 500; round++) {
      GenericRowData row = new GenericRowData(keys + 1 + selected.size());
      List<Object> keyValues = new ArrayList<>();
      for (int k = 0; k < keys; k++) {
        String key = List.of("ORD", "A|B", "é\\").get(random.nextInt(3));
        keyValues.add(key);
        row.setField(k, StringData.fromString(key));
      }
      long validFrom = random.nextLong() >> 20;
      row.setField(keys, TimestampData.fromEpochMillis(validFrom));
      Object[] values = new Object[selected.size()];
      for (int i = 0; i < selected.size(); i++) {
        ValueType type = selected.feature(i).resultType();
        if (random.nextInt(5) == 0) {
          continue;
        }
        if (selected.feature(i).function().producesList()) {
          List<Object> list = new ArrayList<>();
          Object[] internal = new Object[random.nextInt(6)];
          for (int e = 0; e < internal.length; e++) {
            Object value = value(random, type);
            list.add(value);
            internal[e] = value;
          }
          values[i] = List.copyOf(list);
          row.setField(keys + 1 + i, new GenericArrayData(internal));
        } else {
          values[i] = value(random, type);
          row.setField(keys + 1 + i, values[i]);
        }
      }
      HistoryChange change = decoder.apply(row);
      String replay = Seeds.replay(seed) + ", round " + round;
      assertEquals(EntityKeyCodec.encode(keyValues), change.key, replay);
      assertEquals(validFrom, change.validFrom, replay);
      assertArrayEquals(ViewValuesCodec.encodeValues(selected, values), change.values, replay);
    }
  }

  /** A random value of a numeric or boolean type, as both the core and Flink's rows hold it. */
  private static Object value(Random random, ValueType type) {
    return switch (type) {
      case BOOLEAN -> random.nextBoolean();
      case LONG -> (long) random.nextInt(1_000) - 500;
      case DOUBLE -> random.nextGaussian() * 100;
      default -> throw new IllegalArgumentException("no " + type + " feature in route_delays");
    };
  }
}
