package dev.tributary.core.view;

import dev.tributary.core.window.Event;
import java.util.List;

/**
 * What one source row means to one view: the entity it is about and the event to aggregate.
 *
 * @param keyValues the entity key values, typed, in the entity's key order
 * @param encodedKey the same values as one string ({@link dev.tributary.core.keys.EntityKeyCodec})
 */
public record ViewInput(List<Object> keyValues, String encodedKey, Event event) {}
