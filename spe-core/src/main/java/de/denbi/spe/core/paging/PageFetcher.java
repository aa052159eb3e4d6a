package de.denbi.spe.core.paging;

/**
 * Fetches one page of a listing.
 *
 * @param <T> the item type
 * @since 0.1.0
 */
@FunctionalInterface
public interface PageFetcher<T> {

  /**
   * Fetches a page.
   *
   * @param pageToken {@code null} for the first page, else the previous page's next token
   * @return the page
   */
  Page<T> fetch(String pageToken);
}
