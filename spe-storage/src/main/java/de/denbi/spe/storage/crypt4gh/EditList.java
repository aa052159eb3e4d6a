package de.denbi.spe.storage.crypt4gh;

import de.denbi.spe.core.InvalidRequestException;
import java.util.List;

/**
 * A Crypt4GH data edit list: lengths of plaintext to skip and keep, alternating, starting with
 * a skip. With an even number of lengths everything after the last keep is dropped; with an odd
 * number everything after the last skip is kept (the GA4GH Crypt4GH 1.0 rules). A reader of a
 * stream whose header carries an edit list sees only the kept bytes; a ranged read is an edit
 * list {@code [offset, length]} ({@link #range(long, long)}).
 *
 * @param lengths skip, keep, skip, keep, ... (none negative)
 * @since 0.1.0
 */
public record EditList(List<Long> lengths) {
  /**
   * Validates and copies.
   *
   * @param lengths the lengths
   */
  public EditList {
    if (lengths == null || lengths.isEmpty()) {
      throw new InvalidRequestException("lengths", "an edit list needs at least one length");
    }
    lengths = List.copyOf(lengths);
    for (Long l : lengths) {
      if (l < 0) {
        throw new InvalidRequestException("lengths", "edit list lengths must not be negative");
      }
    }
  }

  /**
   * The edit list that keeps {@code length} bytes from {@code offset}.
   *
   * @param offset first plaintext byte
   * @param length number of bytes, or -1 for the rest
   * @return the edit list
   */
  public static EditList range(long offset, long length) {
    if (offset < 0) {
      throw new InvalidRequestException("offset", "must not be negative");
    }
    if (length < -1) {
      throw new InvalidRequestException("length", "must be positive or -1 for the rest");
    }
    return length == -1 ? new EditList(List.of(offset)) : new EditList(List.of(offset, length));
  }

  /**
   * Creates an edit list from lengths.
   *
   * @param lengths skip, keep, skip, ...
   * @return the edit list
   */
  public static EditList of(long... lengths) {
    Long[] boxed = new Long[lengths.length];
    for (int i = 0; i < lengths.length; i++) {
      boxed[i] = lengths[i];
    }
    return new EditList(List.of(boxed));
  }
}
