package dev.tributary.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.core.defs.Feature;
import dev.tributary.core.defs.FeatureRepository;
import dev.tributary.core.defs.FeatureView;
import dev.tributary.core.types.ValueType;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** The example definitions, random feature values, and a small HTTP client for the tests. */
public final class ServingFixture {
  static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private ServingFixture() {}

  public static Path root() {
    String root = System.getProperty("tributary.repo.root");
    Path dir = root != null ? Path.of(root) : Path.of("").toAbsolutePath();
    while (!Files.isDirectory(dir.resolve("feature-defs"))) {
      dir = dir.getParent();
    }
    return dir;
  }

  public static FeatureRepository repository() {
    return FeatureRepository.load(root().resolve("feature-defs"));
  }

  /** Values of every feature of the view, of its type, about one in five null. */
  public static Object[] randomValues(FeatureView view, Random random) {
    Object[] values = new Object[view.features().size()];
    for (int i = 0; i < values.length; i++) {
      Feature feature = view.features().get(i);
      if (random.nextInt(5) == 0) {
        continue;
      }
      ValueType type = feature.resultType();
      if (feature.aggregation().producesList()) {
        List<Object> list = new ArrayList<>();
        for (int n = random.nextInt(4); n > 0; n--) {
          list.add(value(type, random));
        }
        values[i] = list;
      } else {
        values[i] = value(type, random);
      }
    }
    return values;
  }

  private static Object value(ValueType type, Random random) {
    return switch (type) {
      case BOOLEAN -> random.nextBoolean();
      case LONG, TIMESTAMP ->
          random.nextInt(3) == 0 ? random.nextLong() : (long) random.nextInt(500);
      case DOUBLE -> {
        double[] tricky = {-0.0, Double.MIN_VALUE, 0.1 + 0.2, 12.33968253968254};
        yield random.nextInt(3) == 0
            ? tricky[random.nextInt(tricky.length)]
            : random.nextGaussian();
      }
      case STRING -> random.nextBoolean() ? "" : "a,\\b\u00e9";
    };
  }

  static HttpResponse<String> post(int port, String path, String body)
      throws IOException, InterruptedException {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static JsonNode json(String text) throws IOException {
    return JSON.readTree(text);
  }

  /** Whether a JSON value is the Java feature value (doubles bit for bit, lists element-wise). */
  static boolean same(Object expected, JsonNode actual) {
    if (expected == null) {
      return actual.isNull();
    }
    if (expected instanceof Long l) {
      return actual.isIntegralNumber() && actual.asLong() == l;
    }
    if (expected instanceof Double d) {
      return actual.isNumber()
          && Double.doubleToRawLongBits(actual.asDouble()) == Double.doubleToRawLongBits(d);
    }
    if (expected instanceof Boolean b) {
      return actual.isBoolean() && actual.asBoolean() == b;
    }
    if (expected instanceof List<?> list) {
      if (!actual.isArray() || actual.size() != list.size()) {
        return false;
      }
      for (int i = 0; i < list.size(); i++) {
        if (!same(list.get(i), actual.get(i))) {
          return false;
        }
      }
      return true;
    }
    return actual.isTextual() && actual.asText().equals(expected);
  }
}
