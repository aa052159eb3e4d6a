package de.denbi.spe.testkit.wes;

/**
 * How the {@link FakeWesServer} pages its listings.
 *
 * @since 0.1.0
 */
public enum Paging {
  /** Honours {@code page_size} and {@code page_token}. */
  HONOUR,
  /** Ignores both: every item in one reply with an empty {@code next_page_token} (WESkit). */
  IGNORE,
  /** Ignores {@code page_token}: always the first page, always with the same next token. */
  REPEAT_FIRST_PAGE,
  /** Never ends: every page carries a new token, forever (a broken server). */
  ENDLESS
}
