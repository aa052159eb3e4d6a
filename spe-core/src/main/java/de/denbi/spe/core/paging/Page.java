package de.denbi.spe.core.paging;

import java.util.List;
import java.util.Optional;

/**
 * One page of a listing and the token of the next one.
 *
 * @param items the items of this page (never null)
 * @param nextPageToken the token for the next page; {@code null} or empty on the last page
 * @param <T> the item type
 * @since 0.1.0
 */
public record Page<T>(List<T> items, String nextPageToken) {

  /** Copies the items; a null list becomes empty. */
  public Page {
    items = items == null ? List.of() : List.copyOf(items);
  }

  /**
   * The next page token, if there is a next page.
   *
   * @return the token
   */
  public Optional<String> next() {
    return nextPageToken == null || nextPageToken.isEmpty()
        ? Optional.empty()
        : Optional.of(nextPageToken);
  }
}
