package de.denbi.spe.core.paging;

import de.denbi.spe.core.PagingException;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A lazy listing over page tokens: pages are fetched as the iteration reaches them, so a
 * {@code stream().limit(10)} fetches only what it needs. Each {@link #iterator()} starts again
 * from the first page.
 *
 * <p>It copes with servers as they are:
 * <ul>
 *   <li>stops on a missing or empty next token;</li>
 *   <li>stops when a server ignores the token and sends the same page again (the items of a
 *       page equal the previous page's);</li>
 *   <li>fails with {@link PagingException} when a server sends a token it sent before, or more
 *       than {@code maxPages} pages, instead of looping forever.</li>
 * </ul>
 *
 * @param <T> the item type
 * @since 0.1.0
 */
public final class Paginator<T> implements Iterable<T> {
  /** The default page limit. */
  public static final int DEFAULT_MAX_PAGES = 100_000;

  private static final System.Logger LOG = System.getLogger(Paginator.class.getName());

  private final PageFetcher<T> fetcher;
  private final int maxPages;
  private final String what;

  private Paginator(PageFetcher<T> fetcher, int maxPages, String what) {
    this.fetcher = Objects.requireNonNull(fetcher, "fetcher");
    if (maxPages < 1) {
      throw new IllegalArgumentException("maxPages must be at least 1");
    }
    this.maxPages = maxPages;
    this.what = what;
  }

  /**
   * A listing.
   *
   * @param what what is listed, for messages (e.g. {@code "WES runs"})
   * @param fetcher fetches one page
   * @param <T> the item type
   * @return the listing
   */
  public static <T> Paginator<T> of(String what, PageFetcher<T> fetcher) {
    return new Paginator<>(fetcher, DEFAULT_MAX_PAGES, what);
  }

  /**
   * The same listing with another limit on the number of pages.
   *
   * @param max the most pages fetched before {@link PagingException}
   * @return the copy
   */
  public Paginator<T> withMaxPages(int max) {
    return new Paginator<>(fetcher, max, what);
  }

  @Override
  public Iterator<T> iterator() {
    return new ItemIterator();
  }

  /**
   * The items as a lazy sequential stream.
   *
   * @return the stream
   */
  public Stream<T> stream() {
    return StreamSupport.stream(
        Spliterators.spliteratorUnknownSize(iterator(), Spliterator.ORDERED | Spliterator.NONNULL),
        false);
  }

  /**
   * The pages themselves, lazily.
   *
   * @return an iterable over the pages
   */
  public Iterable<Page<T>> pages() {
    return PageIterator::new;
  }

  private final class PageIterator implements Iterator<Page<T>> {
    private final Set<String> seen = new HashSet<>();
    private String token;
    private boolean finished;
    private int count;
    private List<T> previousItems;
    private Page<T> lookahead;

    @Override
    public boolean hasNext() {
      if (lookahead != null) {
        return true;
      }
      if (finished) {
        return false;
      }
      if (count >= maxPages) {
        throw new PagingException(
            "Listing " + what + " stopped after " + maxPages + " pages: the server keeps sending"
                + " page tokens. Its paging is broken, or the listing needs a filter.");
      }
      Page<T> page = fetcher.fetch(token);
      count++;
      if (page == null) {
        page = new Page<>(List.of(), null);
      }
      if (previousItems != null && !page.items().isEmpty() && page.items().equals(previousItems)) {
        LOG.log(
            System.Logger.Level.WARNING,
            "Listing {0}: the server sent the same page again; it ignores page tokens."
                + " Stopping after the first copy.",
            what);
        finished = true;
        return false;
      }
      previousItems = page.items();
      String next = page.next().orElse(null);
      if (next == null) {
        finished = true;
      } else if (!seen.add(next)) {
        throw new PagingException(
            "Listing "
                + what
                + ": the server sent a page token it had sent before (after page "
                + count
                + "). Its paging is broken; stopping rather than looping forever.");
      }
      token = next;
      lookahead = page;
      return true;
    }

    @Override
    public Page<T> next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      Page<T> p = lookahead;
      lookahead = null;
      return p;
    }
  }

  private final class ItemIterator implements Iterator<T> {
    private final PageIterator pages = new PageIterator();
    private Iterator<T> current = java.util.Collections.emptyIterator();

    @Override
    public boolean hasNext() {
      while (!current.hasNext()) {
        if (!pages.hasNext()) {
          return false;
        }
        current = pages.next().items().iterator();
      }
      return true;
    }

    @Override
    public T next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      return current.next();
    }
  }
}
