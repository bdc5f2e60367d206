package dev.tributary.core.records;

/**
 * Where a record that passed validation was found, for when it is rejected after all: a batch job
 * computes each view's key and inputs right after reading a record, and a value that cannot be
 * computed (a long overflow) rejects the record with the same place in front of the reason as a
 * malformed one ({@link RecordRejection#at}). Readers answer only when asked, so the good records
 * pay nothing for it.
 */
@FunctionalInterface
public interface RecordOrigin {

  /** Where the record was found, as {@link Provenance} words it. */
  String where();

  /** The record as read (a CSV or JSON line), or null when the reader has no text of it. */
  default String text() {
    return null;
  }
}
