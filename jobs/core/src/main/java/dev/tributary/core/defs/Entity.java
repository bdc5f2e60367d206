package dev.tributary.core.defs;

import dev.tributary.core.types.Column;
import java.io.Serializable;
import java.util.List;

/** What features describe (an airport, a route); one or more typed key columns. */
public record Entity(String name, String description, List<Column> keys, SourceLocation at)
    implements Serializable {

  public Entity {
    keys = List.copyOf(keys);
  }
}
