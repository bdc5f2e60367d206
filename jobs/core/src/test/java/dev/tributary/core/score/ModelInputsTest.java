package dev.tributary.core.score;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tributary.core.defs.FeatureRef;
import dev.tributary.core.defs.FeatureRepository;
import dev.tributary.core.defs.FeatureView;
import dev.tributary.core.defs.Model;
import dev.tributary.core.defs.RepositoryPaths;
import dev.tributary.core.defs.Scoring;
import dev.tributary.core.online.OnlineRecord;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The flight_delay model's input rows from online records, against hand-computed rows. */
class ModelInputsTest {
  private static final long HOUR = 3_600_000L;
  private static final long DAY = 24 * HOUR;
  private static Scoring scoring;

  @BeforeAll
  static void load() {
    scoring = FeatureRepository.load(RepositoryPaths.exampleDefinitions()).scorings().get(0);
  }

  private static ModelInputs inputs(MissingPolicy policy) {
    Model m = scoring.model();
    Model model =
        new Model(
            m.name(),
            m.description(),
            m.tritonModel(),
            m.inputs(),
            m.label(),
            policy,
            m.repositoryOrNull(),
            m.at(),
            m.monitoring());
    return new ModelInputs(model, scoring.requests().schema());
  }

  /**
   * A record of {@code view} whose feature i holds i + offset (as its type), as of {@code asOf}.
   */
  private static OnlineRecord record(FeatureView view, double offset, long asOf) {
    List<Object> values = new ArrayList<>();
    for (int i = 0; i < view.features().size(); i++) {
      values.add(
          switch (view.features().get(i).resultType()) {
            case LONG -> (long) (i + offset);
            case DOUBLE -> i + offset;
            default -> null;
          });
    }
    return new OnlineRecord(asOf, values);
  }

  private static double expected(FeatureRef input, List<FeatureView> views, double[] offsets) {
    int index = input.view().features().indexOf(input.feature());
    double value = index + offsets[views.indexOf(input.view())];
    return input.feature().aggregation() == dev.tributary.core.agg.Aggregation.COUNT
        ? (long) value
        : value;
  }

  @Test
  void inputsComeInTheModelsOrderFromTheirViews() {
    ModelInputs inputs = inputs(MissingPolicy.REJECT);
    List<FeatureView> views = inputs.views();
    assertEquals(
        List.of("origin_delays", "dest_delays", "route_delays"),
        views.stream().map(FeatureView::name).toList());
    double[] offsets = {0.25, 100.5, 1000.75};
    long t = 979_603_200_000L;
    List<OnlineRecord> records = new ArrayList<>();
    for (int v = 0; v < views.size(); v++) {
      records.add(record(views.get(v), offsets[v], t - v * HOUR));
    }
    InputRow row = inputs.assemble(records, t, null);
    double[] want =
        scoring.model().inputs().stream().mapToDouble(in -> expected(in, views, offsets)).toArray();
    assertArrayEquals(want, row.values());
    assertArrayEquals(new long[] {t, t - HOUR, t - 2 * HOUR}, row.asOf());
    assertTrue(row.missing().isEmpty());
    assertFalse(row.rejected());
  }

  @Test
  void entityKeysAreTheViewsKeyExpressionsOverTheRequest() {
    ModelInputs inputs = inputs(MissingPolicy.REJECT);
    // request_id, requested_at, date, distance, origin, destination
    Object[] request = {"r1", 0L, 0L, 500L, "SFO", "JFK"};
    assertEquals(List.of("SFO"), inputs.keyValues(0, request));
    assertEquals(List.of("JFK"), inputs.keyValues(1, request));
    assertEquals(List.of("SFO", "JFK"), inputs.keyValues(2, request));
  }

  @Test
  void missingValuesFollowThePolicy() {
    long t = 979_603_200_000L;
    ModelInputs reject = inputs(MissingPolicy.REJECT);
    List<FeatureView> views = reject.views();
    List<OnlineRecord> records =
        Arrays.asList(record(views.get(0), 0, t), null, record(views.get(2), 0, t));
    InputRow rejected = reject.assemble(records, t, null);
    assertTrue(rejected.rejected());
    assertEquals(
        List.of("dest_delays.mean_delay_3h", "dest_delays.late_share_24h"), rejected.missing());
    assertEquals(ModelInputs.NO_AS_OF, rejected.asOf()[1]);

    InputRow zero = inputs(MissingPolicy.ZERO).assemble(records, t, null);
    assertFalse(zero.rejected());
    assertEquals(0.0, zero.values()[7]);
    assertEquals(0.0, zero.values()[8]);

    double[] means = new double[11];
    Arrays.setAll(means, i -> 0.5 + i);
    InputRow mean = inputs(MissingPolicy.MEAN_FROM_TRAINING).assemble(records, t, means);
    assertEquals(7.5, mean.values()[7]);
    assertEquals(8.5, mean.values()[8]);
    assertEquals(0.0 + 1, mean.values()[0]); // origin mean_delay_1h is feature 1 of its view
  }

  @Test
  void aValuePastItsViewsTtlAtTheRequestTimeIsMissing() {
    ModelInputs inputs = inputs(MissingPolicy.REJECT);
    List<FeatureView> views = inputs.views();
    long t = 979_603_200_000L;
    // dest_delays has a TTL of 2 days: as of exactly t - 2d it still holds, a millisecond older not
    List<OnlineRecord> fresh =
        List.of(
            record(views.get(0), 0, t),
            record(views.get(1), 0, t - 2 * DAY),
            record(views.get(2), 0, t));
    assertTrue(inputs.assemble(fresh, t, null).missing().isEmpty());
    List<OnlineRecord> stale =
        List.of(
            record(views.get(0), 0, t),
            record(views.get(1), 0, t - 2 * DAY - 1),
            record(views.get(2), 0, t));
    InputRow row = inputs.assemble(stale, t, null);
    assertEquals(List.of("dest_delays.mean_delay_3h", "dest_delays.late_share_24h"), row.missing());
    assertEquals(t, row.asOf()[1], "the contract's value as of the request time is null");
  }

  @Test
  void trainingMeansComeFromTheVersionsMetadata() throws Exception {
    ModelVersionFolder version =
        ModelVersionFolder.read(
            java.nio.file.Path.of(scoring.model().repository().orElseThrow()), "flight_delay", 1);
    assertEquals(
        scoring.model().inputs().stream().map(FeatureRef::qualifiedName).toList(),
        version.features());
    assertEquals(7.941428, version.trainingMeans()[0], 1e-9);
    assertEquals(
        java.util.Set.of(1L, 2L),
        ModelVersionFolder.versions(
            java.nio.file.Path.of(scoring.model().repository().orElseThrow()), "flight_delay"));
  }
}
