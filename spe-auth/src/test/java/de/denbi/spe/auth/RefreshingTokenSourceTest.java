package de.denbi.spe.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import de.denbi.spe.core.SpeConnectionException;
import de.denbi.spe.core.auth.AccessToken;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RefreshingTokenSourceTest {
  final JwtValidatorTest.MutableClock clock = new JwtValidatorTest.MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

  TokenSet tokens(String access, String refresh, Duration life) {
    return new TokenSet(new AccessToken(access, clock.instant().plus(life)), refresh, null, List.of(), null);
  }

  @Test
  void thousandConcurrentCallersAtExpiryCauseExactlyOneRefresh() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    CountDownLatch inRefresh = new CountDownLatch(1);
    RefreshingTokenSource src = RefreshingTokenSource.builder(rt -> {
      calls.incrementAndGet();
      inRefresh.countDown();
      try {
        Thread.sleep(50); // a slow provider: everybody piles up behind this refresh
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return tokens("fresh-token-" + calls.get(), "rt-2", Duration.ofMinutes(5));
    }).initialTokens(tokens("old-token", "rt-1", Duration.ofSeconds(30))).clock(clock).build();
    // 30 s left, refreshAhead 60 s: the token counts as expired
    List<Future<AccessToken>> results = new ArrayList<>();
    CountDownLatch go = new CountDownLatch(1);
    try (ExecutorService vt = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < 1000; i++) {
        results.add(vt.submit(() -> {
          go.await();
          return src.token();
        }));
      }
      go.countDown();
      for (Future<AccessToken> f : results) {
        assertThat(f.get().value()).isEqualTo("fresh-token-1");
      }
    }
    assertThat(calls.get()).isEqualTo(1);
    assertThat(src.refreshCount()).isEqualTo(1);
    assertThat(src.currentTokens().refreshToken()).isEqualTo("rt-2");
  }

  @Test
  void aRejectedRefreshTokenMeansLoginRequiredForEveryoneWithoutFurtherRequests() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    RefreshingTokenSource src = RefreshingTokenSource.builder(rt -> {
      calls.incrementAndGet();
      throw new LoginRequiredException("The refresh token was rejected (invalid_grant).");
    }).initialTokens(tokens("old", "rt-1", Duration.ofSeconds(1))).clock(clock).build();
    try (ExecutorService vt = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<?>> fs = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        fs.add(vt.submit(src::token));
      }
      for (Future<?> f : fs) {
        assertThatThrownBy(f::get).hasCauseInstanceOf(LoginRequiredException.class)
            .cause().hasMessageContaining("Log in again");
      }
    }
    assertThat(calls.get()).isEqualTo(1);
    assertThatThrownBy(src::token).isInstanceOf(LoginRequiredException.class);
    assertThat(calls.get()).isEqualTo(1);
    assertThat(src.toString()).contains("login required");
    // a new login revives the source
    src.update(tokens("after-login", "rt-9", Duration.ofMinutes(5)));
    assertThat(src.token().value()).isEqualTo("after-login");
  }

  @Test
  void aTransientFailureIsThrownAndTheNextCallTriesAgain() {
    AtomicInteger calls = new AtomicInteger();
    RefreshingTokenSource src = RefreshingTokenSource.builder(rt -> {
      if (calls.incrementAndGet() == 1) {
        throw new SpeConnectionException("provider down", new IOException("refused"), true);
      }
      return tokens("second", null, Duration.ofMinutes(5));
    }).initialTokens(tokens("old", "rt-1", Duration.ofSeconds(1))).clock(clock).build();
    assertThatThrownBy(src::token).isInstanceOf(SpeConnectionException.class);
    assertThat(src.token().value()).isEqualTo("second");
    // the provider did not rotate: the old refresh token is kept
    assertThat(src.currentTokens().refreshToken()).isEqualTo("rt-1");
  }

  @Test
  void validTokensAreServedFromMemoryAndInvalidateForcesARefresh() {
    AtomicInteger calls = new AtomicInteger();
    RefreshingTokenSource src = RefreshingTokenSource.builder(rt -> tokens("t" + calls.incrementAndGet(), rt, Duration.ofMinutes(5)))
        .initialTokens(tokens("t0", "rt", Duration.ofMinutes(5))).clock(clock).build();
    assertThat(src.token().value()).isEqualTo("t0");
    src.invalidate(AccessToken.of("some-other-token"));
    assertThat(src.token().value()).isEqualTo("t0");
    src.invalidate(AccessToken.of("t0"));
    assertThat(src.token().value()).isEqualTo("t1");
    clock.now = clock.now.plus(Duration.ofMinutes(4).plusSeconds(1)); // inside refreshAhead
    assertThat(src.token().value()).isEqualTo("t2");
    assertThat(calls.get()).isEqualTo(2);
  }

  @Test
  void rotatedRefreshTokensArePersistedAndANewProcessStartsFromTheStore(@TempDir Path dir) {
    StubProviderLessClient c = new StubProviderLessClient();
    FileTokenStore store = FileTokenStore.in(dir);
    RefreshingTokenSource first = RefreshingTokenSource.builder(c.client)
        .refresher(rt -> tokens("a-" + rt, rt + "-rotated", Duration.ofMinutes(5)))
        .initialTokens(tokens("a0", "rt", Duration.ofSeconds(1)))
        .store(store, "default").clock(clock).build();
    assertThat(first.token().value()).isEqualTo("a-rt");
    TokenStore.Key key = new TokenStore.Key(c.client.issuer(), "spe-cli", "default");
    assertThat(store.load(key)).contains("rt-rotated");
    // the next process: no tokens in memory, the stored refresh token is used
    RefreshingTokenSource second = RefreshingTokenSource.builder(c.client)
        .refresher(rt -> tokens("b-" + rt, null, Duration.ofMinutes(5)))
        .store(store, "default").clock(clock).build();
    assertThat(second.token().value()).isEqualTo("b-rt-rotated");
    // a rejected refresh token is removed from the store
    RefreshingTokenSource third = RefreshingTokenSource.builder(c.client)
        .refresher(rt -> {
          throw new LoginRequiredException("rejected");
        })
        .store(store, "default").clock(clock).build();
    assertThatThrownBy(third::token).isInstanceOf(LoginRequiredException.class);
    assertThat(store.load(key)).isEmpty();
  }

  @Test
  void interactiveLoginRunsWhenThereIsNoRefreshToken(@TempDir Path dir) {
    StubProviderLessClient c = new StubProviderLessClient();
    AtomicInteger logins = new AtomicInteger();
    RefreshingTokenSource src = RefreshingTokenSource.builder(c.client)
        .store(FileTokenStore.in(dir), "notebook")
        .interactiveLogin(() -> {
          logins.incrementAndGet();
          return tokens("from-login", "rt-login", Duration.ofMinutes(5));
        }).clock(clock).build();
    assertThat(src.token().value()).isEqualTo("from-login");
    assertThat(src.token().value()).isEqualTo("from-login");
    assertThat(logins.get()).isEqualTo(1);
    assertThat(FileTokenStore.in(dir).load(new TokenStore.Key(c.client.issuer(), "spe-cli", "notebook")))
        .contains("rt-login");
  }

  /** An OidcClient that is never contacted (the refresher is replaced). */
  static final class StubProviderLessClient {
    final OidcClient client = OidcClient.builder().issuer(URI.create("https://login.example.org/oidc/"))
        .clientId("spe-cli").clock(Clock.systemUTC()).build();
  }
}
