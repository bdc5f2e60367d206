package dev.tributary.core.records;

import java.io.Serializable;

/**
 * A record that cannot be used, and why: the reason names the field and what was wrong with it, for
 * example {@code field 'delay': expected long, got "abc"}; readers of files put the file and line
 * in front of it.
 */
public record RecordRejection(String reason) implements ParseOutcome, Serializable {

  /**
   * The same rejection with where the record was found in front: {@code "flights.csv line 7: ..."}.
   */
  public RecordRejection at(String where) {
    return new RecordRejection(where + ": " + reason);
  }

  static RecordRejection field(String name, String problem) {
    return new RecordRejection("field '" + name + "': " + problem);
  }
}
