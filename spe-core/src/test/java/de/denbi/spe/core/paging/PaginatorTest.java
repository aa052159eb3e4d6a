package de.denbi.spe.core.paging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import de.denbi.spe.core.PagingException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PaginatorTest {

  /** Three pages of a well-behaved server: tokens "p2", "p3", then none. */
  private static Page<Integer> wellBehaved(String token) {
    if (token == null) {
      return new Page<>(List.of(1, 2), "p2");
    }
    return switch (token) {
      case "p2" -> new Page<>(List.of(3, 4), "p3");
      case "p3" -> new Page<>(List.of(5), "");
      default -> throw new AssertionError(token);
    };
  }

  @Test
  void followsTokensAndStopsOnAnEmptyToken() {
    List<String> asked = new ArrayList<>();
    Paginator<Integer> p = Paginator.of("runs", t -> {
      asked.add(String.valueOf(t));
      return wellBehaved(t);
    });
    assertThat(p.stream().toList()).containsExactly(1, 2, 3, 4, 5);
    assertThat(asked).containsExactly("null", "p2", "p3");
  }

  @Test
  void stopsOnANullToken() {
    Paginator<Integer> p = Paginator.of("runs", t -> new Page<>(List.of(9), null));
    assertThat(p).containsExactly(9);
  }

  @Test
  void isLazy() {
    AtomicInteger fetches = new AtomicInteger();
    Paginator<Integer> p = Paginator.of("runs", t -> {
      fetches.incrementAndGet();
      return wellBehaved(t);
    });
    assertThat(p.stream().limit(2).toList()).containsExactly(1, 2);
    assertThat(fetches).hasValue(1);
  }

  @Test
  void failsClearlyOnARepeatedToken() {
    Paginator<Integer> p = Paginator.of("tasks", t -> new Page<>(List.of(t == null ? 0 : Integer.parseInt(t)), t == null ? "1" : "1".equals(t) ? "2" : "1"));
    assertThatThrownBy(() -> p.stream().toList())
        .isInstanceOf(PagingException.class)
        .hasMessageContaining("tasks")
        .hasMessageContaining("page token it had sent before");
  }

  @Test
  void worksWhenTheServerIgnoresPaging() {
    // the server returns everything at once and no token
    Paginator<Integer> all = Paginator.of("runs", t -> new Page<>(List.of(1, 2, 3), null));
    assertThat(all.stream().toList()).containsExactly(1, 2, 3);
    // the server ignores page_token and keeps sending the first page with fresh tokens
    AtomicInteger n = new AtomicInteger();
    Paginator<Integer> ignoring = Paginator.of("runs", t -> new Page<>(List.of(1, 2, 3), "t" + n.incrementAndGet()));
    assertThat(ignoring.stream().toList()).containsExactly(1, 2, 3);
    assertThat(n).hasValue(2);
  }

  @Test
  void aTokenThatNeverEndsHitsThePageLimit() {
    AtomicInteger n = new AtomicInteger();
    Paginator<Integer> endless = Paginator.of("runs", t -> new Page<>(List.of(n.get()), "t" + n.incrementAndGet())).withMaxPages(50);
    assertThatThrownBy(() -> endless.stream().count()).isInstanceOf(PagingException.class).hasMessageContaining("50 pages");
    assertThat(n).hasValue(50);
  }

  @Test
  void emptyPagesWithTokensAreFollowed() {
    Paginator<Integer> p = Paginator.of("runs", t -> t == null ? new Page<>(List.of(), "a") : new Page<>(List.of(7), null));
    assertThat(p).containsExactly(7);
  }

  @Test
  void eachIterationStartsAgain() {
    AtomicInteger fetches = new AtomicInteger();
    Paginator<Integer> p = Paginator.of("runs", t -> {
      fetches.incrementAndGet();
      return wellBehaved(t);
    });
    assertThat(p.stream().count()).isEqualTo(5);
    assertThat(p.stream().count()).isEqualTo(5);
    assertThat(fetches).hasValue(6);
    List<Integer> sizes = new ArrayList<>();
    p.pages().forEach(pg -> sizes.add(pg.items().size()));
    assertThat(sizes).containsExactly(2, 2, 1);
  }
}
