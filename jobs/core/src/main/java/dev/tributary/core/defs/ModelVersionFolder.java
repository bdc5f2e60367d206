package dev.tributary.core.defs;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * One version of a model in a local Triton model repository ({@code
 * <repository>/<model>/<version>/}) and what its {@code metadata.json} says about its training: the
 * input features in order and their means over the training rows, which {@code missing:
 * mean_from_training} puts in place of a missing value. The metadata file is written by {@code
 * tributary models} (FlightDelayPublisher); Triton itself ignores it.
 *
 * @param viewVersions per view, the versioned name ({@code view__version}) the version was trained
 *     on ({@code lineage.view_versions}); empty when the metadata does not say
 */
public record ModelVersionFolder(
    Path folder,
    List<String> features,
    double[] trainingMeans,
    java.util.Map<String, String> viewVersions) {
  private static final JsonFactory JSON = new JsonFactory();

  /** The numbered version folders of {@code model} in {@code repository}, ascending. */
  public static TreeSet<Long> versions(Path repository, String model) throws IOException {
    TreeSet<Long> versions = new TreeSet<>();
    Path modelFolder = repository.resolve(model);
    if (!Files.isDirectory(modelFolder)) {
      return versions;
    }
    try (Stream<Path> children = Files.list(modelFolder)) {
      children
          .filter(Files::isDirectory)
          .map(p -> p.getFileName().toString())
          .filter(name -> name.matches("[1-9][0-9]{0,17}"))
          .forEach(name -> versions.add(Long.parseLong(name)));
    }
    return versions;
  }

  /**
   * Reads {@code <repository>/<model>/<version>/metadata.json}.
   *
   * @throws IOException naming the file and what it lacks
   */
  public static ModelVersionFolder read(Path repository, String model, long version)
      throws IOException {
    Path folder = repository.resolve(model).resolve(Long.toString(version));
    Path metadata = folder.resolve("metadata.json");
    if (!Files.isRegularFile(metadata)) {
      throw new IOException(
          metadata + " does not exist: mean_from_training needs the version's training means");
    }
    List<String> features = new ArrayList<>();
    List<Double> means = new ArrayList<>();
    java.util.Map<String, String> viewVersions = new java.util.TreeMap<>();
    try (JsonParser in = JSON.createParser(metadata.toFile())) {
      in.nextToken();
      readObject(in, "", features, means, viewVersions);
    }
    if (means.size() != features.size() || features.isEmpty()) {
      throw new IOException(
          metadata
              + " needs input.features and preprocessing.mean of equal length, got "
              + features.size()
              + " features and "
              + means.size()
              + " means");
    }
    return new ModelVersionFolder(
        folder,
        features,
        means.stream().mapToDouble(Double::doubleValue).toArray(),
        java.util.Map.copyOf(viewVersions));
  }

  private static void readObject(
      JsonParser in,
      String path,
      List<String> features,
      List<Double> means,
      java.util.Map<String, String> viewVersions)
      throws IOException {
    while (in.nextToken() == JsonToken.FIELD_NAME) {
      String at = path + "/" + in.currentName();
      JsonToken value = in.nextToken();
      if (value == JsonToken.START_OBJECT) {
        readObject(in, at, features, means, viewVersions);
      } else if (value == JsonToken.VALUE_STRING && path.equals("/lineage/view_versions")) {
        viewVersions.put(in.currentName(), in.getValueAsString());
      } else if (value == JsonToken.START_ARRAY && at.equals("/input/features")) {
        while (in.nextToken() != JsonToken.END_ARRAY) {
          features.add(in.getValueAsString());
        }
      } else if (value == JsonToken.START_ARRAY && at.equals("/preprocessing/mean")) {
        while (in.nextToken() != JsonToken.END_ARRAY) {
          means.add(in.getDoubleValue());
        }
      } else {
        in.skipChildren();
      }
    }
  }
}
