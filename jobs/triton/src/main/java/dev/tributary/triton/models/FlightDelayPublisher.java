package dev.tributary.triton.models;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the flight_delay model versions of {@code triton-models/}: features from the flights
 * file, a split by time (train before the cut-off day, evaluate on the later days), version 1 a
 * logistic regression and version 2 a factorization machine, each written as
 * {@code <repository>/flight_delay/<version>/model.onnx} with a {@code metadata.json} beside it
 * (input features in order, output classes, lineage, held-out metrics).
 *
 * <p>{@code --data feature-defs/data/flights-sample.csv.gz --repository triton-models
 * [--test-from 2001-01-11]}
 */
public final class FlightDelayPublisher {

    public static final String MODEL = "flight_delay";
    private static final long SEED = 20010111L;
    /** The same text as triton-models/flight_delay/config.pbtxt (a test keeps them equal). */
    static final String DEFAULT_CONFIG = "flight_delay.config.pbtxt";

    private FlightDelayPublisher() {
    }

    public static void main(String[] args) throws Exception {
        Path data = Paths.get("feature-defs/data/flights-sample.csv.gz");
        Path repository = Paths.get("triton-models");
        LocalDate testFrom = LocalDate.parse("2001-01-11");
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--data" -> data = Paths.get(args[i + 1]);
                case "--repository" -> repository = Paths.get(args[i + 1]);
                case "--test-from" -> testFrom = LocalDate.parse(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + "; usage: --data FILE --repository DIR [--test-from YYYY-MM-DD]");
            }
        }
        publish(data, repository, testFrom);
    }

    public static void publish(Path data, Path repository, LocalDate testFrom) throws Exception {
        List<Flight> flights = FlightsCsv.read(data);
        float[][] features = FlightFeatures.compute(flights);
        long cut = testFrom.atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli();
        List<float[]> trainRows = new ArrayList<>();
        List<float[]> testRows = new ArrayList<>();
        List<Boolean> trainLate = new ArrayList<>();
        List<Boolean> testLate = new ArrayList<>();
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        for (int i = 0; i < flights.size(); i++) {
            Flight flight = flights.get(i);
            first = Math.min(first, flight.departureMillis());
            last = Math.max(last, flight.departureMillis());
            boolean test = flight.departureMillis() >= cut;
            (test ? testRows : trainRows).add(features[i]);
            (test ? testLate : trainLate).add(flight.late());
        }
        Map<String, Object> lineage = new LinkedHashMap<>();
        lineage.put("features_from", "computed by dev.tributary.triton.models.FlightFeatures (exact sliding windows "
                + "over event time = departure + delay, as of departure - 2 h) until the training-set job of the "
                + "aggregation core produces them; the core's views align window tails to the hop, so values can differ "
                + "slightly");
        lineage.put("data_file", data.toString());
        lineage.put("data_sha256", sha256(data));
        lineage.put("view_versions", "none yet: feature-defs views are not versioned by a registry");
        lineage.put("train_period", Instant.ofEpochMilli(first) + " .. " + Instant.ofEpochMilli(cut) + " (exclusive)");
        lineage.put("train_rows", trainRows.size());
        lineage.put("test_period", Instant.ofEpochMilli(cut) + " .. " + Instant.ofEpochMilli(last));
        lineage.put("test_rows", testRows.size());

        float[][] train = trainRows.toArray(new float[0][]);
        float[][] test = testRows.toArray(new float[0][]);
        boolean[] trainY = toArray(trainLate);
        boolean[] testY = toArray(testLate);
        writeDefaultConfig(repository.resolve(MODEL));
        FlightDelayTrainer.Kind[] kinds = FlightDelayTrainer.Kind.values();
        for (int v = 0; v < kinds.length; v++) {
            long version = v + 1;
            FlightDelayTrainer.Trained trained = FlightDelayTrainer.train(kinds[v], train, trainY, test, testY, SEED, version);
            Path dir = repository.resolve(MODEL).resolve(Long.toString(version));
            Files.createDirectories(dir);
            Files.write(dir.resolve("model.onnx"), trained.onnx().toByteArray());
            writeMetadata(dir.resolve("metadata.json"), version, trained, lineage);
            System.out.println(MODEL + " version " + version + " (" + kinds[v] + "): " + trained.metrics());
        }
    }

    private static void writeMetadata(Path file, long version, FlightDelayTrainer.Trained trained,
            Map<String, Object> lineage) throws IOException {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("model", MODEL);
        metadata.put("version", version);
        metadata.put("kind", trained.kind().name().toLowerCase());
        metadata.put("trainer", trained.trainer());
        metadata.put("input", Map.of("name", "input", "datatype", "FP32", "shape", List.of(-1, FlightFeatures.NAMES.size()),
                "features", FlightFeatures.NAMES,
                "missing_values", "send NaN; the graph replaces it with the training mean (empty-window averages)"));
        metadata.put("output", Map.of("name", "output", "datatype", "FP32", "shape", List.of(-1, trained.classes().size()),
                "classes", trained.classes()));
        metadata.put("label", "late = delay > 15 minutes, predicted 2 hours before the scheduled departure");
        metadata.put("preprocessing", Map.of("in_graph", "IsNaN/Where imputation then (x - mean) / scale",
                "mean", trained.mean(), "scale", trained.scale()));
        metadata.put("lineage", lineage);
        metadata.put("held_out_metrics", trained.metrics());
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
                .writeValue(file.toFile(), metadata);
    }

    /** A staging repository gets the published config.pbtxt unless it has its own. */
    private static void writeDefaultConfig(Path modelDir) throws IOException {
        Path config = modelDir.resolve("config.pbtxt");
        if (Files.exists(config)) {
            return;
        }
        Files.createDirectories(modelDir);
        try (InputStream in = FlightDelayPublisher.class.getResourceAsStream(DEFAULT_CONFIG)) {
            Files.copy(in, config);
        }
    }

    private static boolean[] toArray(List<Boolean> values) {
        boolean[] out = new boolean[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i);
        }
        return out;
    }

    private static String sha256(Path file) throws IOException, NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }
}
