package dev.tributary.serve.features;

import dev.tributary.core.defs.FeatureRef;
import dev.tributary.core.defs.FeatureView;
import dev.tributary.core.online.OnlineExpiry;
import dev.tributary.core.online.OnlineRecord;
import dev.tributary.flink.online.OnlineLookup;
import dev.tributary.flink.online.OnlineStoreReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Answers feature queries from the online store: every view of every row in one Redis round trip
 * ({@link OnlineStoreReader}), then statuses judged at the request time with the same TTL rule as
 * the scoring job ({@link OnlineExpiry}).
 */
public final class FeatureService {
  private final OnlineStoreReader reader;

  public FeatureService(OnlineStoreReader reader) {
    this.reader = reader;
  }

  public FeatureAnswer answer(FeatureQuery query, long requestTime)
      throws IOException, InterruptedException {
    List<List<OnlineRecord>> records = records(query.views(), query.keys(), query.rows());
    List<FeatureAnswer.Row> rows = new ArrayList<>(query.rows());
    int[] viewOf = new int[query.features().size()];
    int[] indexOf = new int[viewOf.length];
    for (int f = 0; f < viewOf.length; f++) {
      FeatureRef feature = query.features().get(f);
      viewOf[f] = query.views().indexOf(feature.view());
      indexOf[f] = feature.view().features().indexOf(feature.feature());
    }
    for (int row = 0; row < query.rows(); row++) {
      List<OnlineRecord> found = records.get(row);
      ValueStatus[] viewStatus = new ValueStatus[query.views().size()];
      Long[] asOf = new Long[viewStatus.length];
      for (int v = 0; v < viewStatus.length; v++) {
        OnlineRecord record = found.get(v);
        asOf[v] = record == null ? null : record.asOf();
        viewStatus[v] =
            record == null
                ? ValueStatus.NOT_FOUND
                : OnlineExpiry.expired(query.views().get(v), record, requestTime)
                    ? ValueStatus.EXPIRED
                    : ValueStatus.PRESENT;
      }
      List<Object> values = new ArrayList<>(viewOf.length);
      List<ValueStatus> statuses = new ArrayList<>(viewOf.length);
      for (int f = 0; f < viewOf.length; f++) {
        ValueStatus status = viewStatus[viewOf[f]];
        Object value =
            status == ValueStatus.PRESENT ? found.get(viewOf[f]).value(indexOf[f]) : null;
        if (status == ValueStatus.PRESENT && value == null) {
          status = ValueStatus.NULL;
        }
        values.add(value);
        statuses.add(status);
      }
      rows.add(new FeatureAnswer.Row(values, statuses, Arrays.asList(asOf)));
    }
    return new FeatureAnswer(query.features(), query.views(), requestTime, rows);
  }

  /**
   * The stored record of each view for each row (null where none), read in one pipeline.
   *
   * @param keys per view, the key values of each row
   */
  public List<List<OnlineRecord>> records(
      List<FeatureView> views, List<List<List<Object>>> keys, int rows)
      throws IOException, InterruptedException {
    List<OnlineLookup> lookups = new ArrayList<>(rows * views.size());
    for (int row = 0; row < rows; row++) {
      for (int v = 0; v < views.size(); v++) {
        lookups.add(new OnlineLookup(views.get(v), keys.get(v).get(row)));
      }
    }
    List<Optional<OnlineRecord>> read = reader.read(lookups);
    List<List<OnlineRecord>> records = new ArrayList<>(rows);
    for (int row = 0; row < rows; row++) {
      List<OnlineRecord> ofRow = new ArrayList<>(views.size());
      for (int v = 0; v < views.size(); v++) {
        ofRow.add(read.get(row * views.size() + v).orElse(null));
      }
      records.add(ofRow);
    }
    return records;
  }
}
