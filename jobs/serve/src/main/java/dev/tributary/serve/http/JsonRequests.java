package dev.tributary.serve.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.serve.BadRequestException;
import dev.tributary.serve.ServeLimits;
import dev.tributary.serve.features.EntityColumns;
import dev.tributary.serve.features.FeatureRequest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** HTTP bodies to requests; every problem a {@link BadRequestException} naming the field. */
final class JsonRequests {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ServeLimits limits;

  JsonRequests(ServeLimits limits) {
    this.limits = limits;
  }

  /** {@code {"features": ["view.feature", ...] | "model": "name", "entities": {column: [...]}}} */
  FeatureRequest features(byte[] body) {
    JsonNode root = object(body);
    List<String> features = new ArrayList<>();
    JsonNode list = root.get("features");
    if (list != null && !list.isNull()) {
      if (!list.isArray()) {
        throw new BadRequestException("features must be an array of \"view.feature\" strings");
      }
      for (int i = 0; i < list.size(); i++) {
        if (!list.get(i).isTextual()) {
          throw new BadRequestException("features[" + i + "] must be a \"view.feature\" string");
        }
        features.add(list.get(i).asText());
      }
    }
    return new FeatureRequest(features, text(root, "model"), entities(root));
  }

  /** {@code {"scoring": "name", "entities": {column: [...]}}} */
  ScoringCall predict(byte[] body) {
    JsonNode root = object(body);
    String scoring = text(root, "scoring");
    if (scoring == null || scoring.isEmpty()) {
      throw new BadRequestException("scoring is missing: name a scoring of scoring.yaml");
    }
    return new ScoringCall(scoring, entities(root));
  }

  record ScoringCall(String scoring, EntityColumns entities) {}

  private static JsonNode object(byte[] body) {
    JsonNode root;
    try {
      root = JSON.readTree(body);
    } catch (JsonProcessingException bad) {
      throw new BadRequestException(
          "the body is not valid JSON (line "
              + bad.getLocation().getLineNr()
              + ", column "
              + bad.getLocation().getColumnNr()
              + "): "
              + bad.getOriginalMessage());
    } catch (IOException unreadable) {
      throw new BadRequestException("the body could not be read: " + unreadable.getMessage());
    }
    if (root == null || !root.isObject()) {
      throw new BadRequestException("the body must be a JSON object");
    }
    return root;
  }

  private static String text(JsonNode root, String field) {
    JsonNode node = root.get(field);
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isTextual()) {
      throw new BadRequestException(field + " must be a string");
    }
    return node.asText();
  }

  private EntityColumns entities(JsonNode root) {
    JsonNode entities = root.get("entities");
    if (entities == null || !entities.isObject()) {
      throw new BadRequestException(
          "entities must be an object of columns, e.g. {\"origin\": [\"SFO\", \"LAX\"]}");
    }
    Map<String, List<Object>> columns = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = entities.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> column = it.next();
      String field = "entities." + column.getKey();
      if (!column.getValue().isArray()) {
        throw new BadRequestException(field + " must be an array with one value per entity row");
      }
      List<Object> values = new ArrayList<>(column.getValue().size());
      for (int i = 0; i < column.getValue().size(); i++) {
        values.add(scalar(column.getValue().get(i), field + "[" + i + "]"));
      }
      columns.put(column.getKey(), values);
    }
    return EntityColumns.of(columns, "entities", limits);
  }

  private static Object scalar(JsonNode node, String field) {
    if (node.isNull()) {
      return null;
    }
    if (node.isTextual()) {
      return node.asText();
    }
    if (node.isBoolean()) {
      return node.asBoolean();
    }
    if (node.isIntegralNumber() && node.canConvertToLong()) {
      return node.asLong();
    }
    if (node.isNumber()) {
      return node.asDouble();
    }
    throw new BadRequestException(field + " must be a string, number, boolean or null");
  }
}
