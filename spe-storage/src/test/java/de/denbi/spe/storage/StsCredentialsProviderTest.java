package de.denbi.spe.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import de.denbi.spe.core.BadRequestException;
import de.denbi.spe.core.ForbiddenException;
import de.denbi.spe.core.InvalidConfigException;
import de.denbi.spe.core.auth.AccessToken;
import de.denbi.spe.core.auth.AccessTokenSource;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class StsCredentialsProviderTest {
  static final String JWT1 = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJlMQ";
  static final String JWT2 = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJlMg";
  MockWebServer server = new MockWebServer();
  final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-01-01T10:00:00Z"));
  final Clock clock = new Clock() {
    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now.get();
    }
  };

  @BeforeEach
  void start() throws Exception {
    server.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  /** Ceph RGW's reply shape: nine fraction digits in Expiration. */
  static String rgwReply(String ak, Instant exp) {
    String e = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'")
        .withZone(ZoneOffset.UTC).format(exp);
    return "<AssumeRoleWithWebIdentityResponse><AssumeRoleWithWebIdentityResult>"
        + "<SubjectFromWebIdentityToken>alice</SubjectFromWebIdentityToken>"
        + "<Credentials><AccessKeyId>" + ak + "</AccessKeyId>"
        + "<SecretAccessKey>secret-" + ak + "</SecretAccessKey>"
        + "<SessionToken>session-" + ak + "</SessionToken>"
        + "<Expiration>" + e + "</Expiration></Credentials>"
        + "</AssumeRoleWithWebIdentityResult></AssumeRoleWithWebIdentityResponse>";
  }

  StsCredentialsProvider.Builder builder(AccessTokenSource tokens) {
    return StsCredentialsProvider.builder()
        .stsEndpoint(server.url("/").uri())
        .roleArn("arn:aws:iam:::role/spe-project-1")
        .webIdentity(tokens)
        .duration(Duration.ofHours(1))
        .clock(clock);
  }

  static Map<String, String> form(RecordedRequest r) {
    String body = r.getBody().utf8();
    return Stream.of(body.split("&")).map(kv -> kv.split("=", 2)).collect(Collectors.toMap(
        kv -> URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
        kv -> URLDecoder.decode(kv[1], StandardCharsets.UTF_8)));
  }

  @Test
  void sendsTheWebIdentityCallAndReadsRgwExpiry() throws Exception {
    Instant exp = now.get().plus(Duration.ofHours(1)).plusNanos(123456789);
    server.enqueue(new MockResponse.Builder().body(rgwReply("AK1", exp)).build());
    PolicyDocument session = PolicyDocument.of(PolicyStatement.allow().actions("s3:GetObject")
        .objects("b", "*").build());
    StsCredentialsProvider p = builder(AccessTokenSource.of(JWT1))
        .sessionPolicy(session).roleSessionName("alice-session").build();
    S3Credentials c = p.credentials();
    assertThat(c.accessKeyId()).isEqualTo("AK1");
    assertThat(c.sessionToken()).isEqualTo("session-AK1");
    assertThat(c.expiration()).isEqualTo(exp);
    assertThat(c.toString()).doesNotContain("secret-AK1").doesNotContain("session-AK1");
    assertThat(p.toString()).doesNotContain("secret-AK1").doesNotContain(JWT1);
    Map<String, String> f = form(server.takeRequest());
    assertThat(f).containsEntry("Action", "AssumeRoleWithWebIdentity")
        .containsEntry("Version", "2011-06-15")
        .containsEntry("WebIdentityToken", JWT1)
        .containsEntry("RoleArn", "arn:aws:iam:::role/spe-project-1")
        .containsEntry("RoleSessionName", "alice-session")
        .containsEntry("DurationSeconds", "3600")
        .containsEntry("Policy", session.toJson());
  }

  @Test
  void cachesAndRefreshesBeforeExpiry() {
    server.enqueue(new MockResponse.Builder()
        .body(rgwReply("AK1", now.get().plus(Duration.ofHours(1)))).build());
    server.enqueue(new MockResponse.Builder()
        .body(rgwReply("AK2", now.get().plus(Duration.ofHours(2)))).build());
    StsCredentialsProvider p = builder(AccessTokenSource.of(JWT1))
        .refreshBefore(Duration.ofMinutes(5)).build();
    assertThat(p.credentials().accessKeyId()).isEqualTo("AK1");
    now.set(now.get().plus(Duration.ofMinutes(50)));
    assertThat(p.credentials().accessKeyId()).isEqualTo("AK1"); // 10 min left: cached
    assertThat(server.getRequestCount()).isEqualTo(1);
    now.set(now.get().plus(Duration.ofMinutes(6))); // 4 min left: renewed before expiry
    assertThat(p.credentials().accessKeyId()).isEqualTo("AK2");
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void sixHoursOfRequestsNeverSeeExpiredCredentials() {
    for (int i = 0; i < 8; i++) {
      server.enqueue(new MockResponse.Builder()
          .body(rgwReply("AK" + i, now.get().plus(Duration.ofHours(i + 1)))).build());
    }
    StsCredentialsProvider p = builder(AccessTokenSource.of(JWT1)).build();
    Instant end = now.get().plus(Duration.ofHours(6));
    while (now.get().isBefore(end)) {
      S3Credentials c = p.credentials();
      assertThat(c.expiration()).isAfter(now.get().plus(Duration.ofMinutes(4)));
      now.set(now.get().plus(Duration.ofMinutes(1)));
    }
    assertThat(server.getRequestCount()).isBetween(6, 8);
  }

  @Test
  void oneRenewalAtATime() throws Exception {
    server.enqueue(new MockResponse.Builder().headersDelay(300, java.util.concurrent.TimeUnit.MILLISECONDS)
        .body(rgwReply("AK1", now.get().plus(Duration.ofHours(1)))).build());
    StsCredentialsProvider p = builder(AccessTokenSource.of(JWT1)).build();
    List<CompletableFuture<S3Credentials>> fs = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      fs.add(CompletableFuture.supplyAsync(p::credentials));
    }
    for (CompletableFuture<S3Credentials> f : fs) {
      assertThat(f.get().accessKeyId()).isEqualTo("AK1");
    }
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void aRejectedTokenIsInvalidatedAndANewOneTriedOnce() {
    server.enqueue(new MockResponse.Builder().code(400).body("<ErrorResponse><Error>"
        + "<Code>InvalidIdentityToken</Code><Message>token expired</Message></Error>"
        + "</ErrorResponse>").build());
    server.enqueue(new MockResponse.Builder()
        .body(rgwReply("AK1", now.get().plus(Duration.ofHours(1)))).build());
    AtomicInteger invalidated = new AtomicInteger();
    AtomicReference<String> tok = new AtomicReference<>(JWT1);
    AccessTokenSource src = new AccessTokenSource() {
      @Override
      public AccessToken token() {
        return AccessToken.of(tok.get());
      }

      @Override
      public void invalidate(AccessToken rejected) {
        invalidated.incrementAndGet();
        tok.set(JWT2);
      }
    };
    assertThat(builder(src).build().credentials().accessKeyId()).isEqualTo("AK1");
    assertThat(invalidated).hasValue(1);
  }

  @Test
  void stsErrorsAreClearAndCarryNoToken() {
    server.enqueue(new MockResponse.Builder().code(403).body("<ErrorResponse><Error>"
        + "<Code>AccessDenied</Code><Message>role trust: " + JWT1 + "</Message></Error>"
        + "</ErrorResponse>").build());
    StsCredentialsProvider p = builder(AccessTokenSource.of(JWT1)).build();
    assertThatThrownBy(p::credentials).isInstanceOf(ForbiddenException.class)
        .hasMessageContaining("AccessDenied")
        .hasMessageContaining("trust policy")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(JWT1));
    server.enqueue(new MockResponse.Builder().code(400).body("<ErrorResponse><Error>"
        + "<Code>InvalidParameterValue</Code><Message>bad</Message></Error></ErrorResponse>")
        .build());
    assertThatThrownBy(p::credentials).isInstanceOf(BadRequestException.class);
  }

  @Test
  void keepsValidCredentialsWhenARenewalFails() {
    server.enqueue(new MockResponse.Builder()
        .body(rgwReply("AK1", now.get().plus(Duration.ofHours(1)))).build());
    server.enqueue(new MockResponse.Builder().code(400).body("<ErrorResponse><Error>"
        + "<Code>InvalidParameterValue</Code></Error></ErrorResponse>").build());
    StsCredentialsProvider p = builder(AccessTokenSource.of(JWT1)).build();
    p.credentials();
    now.set(now.get().plus(Duration.ofMinutes(57)));
    assertThat(p.credentials().accessKeyId()).isEqualTo("AK1");
  }

  @Test
  void builderNamesBadSettings() {
    assertThatThrownBy(() -> StsCredentialsProvider.builder().webIdentity(
        AccessTokenSource.of(JWT1)).build())
        .extracting(e -> ((InvalidConfigException) e).key()).isEqualTo("stsEndpoint");
    assertThatThrownBy(() -> StsCredentialsProvider.builder()
        .stsEndpoint(URI.create("http://h")).build())
        .extracting(e -> ((InvalidConfigException) e).key()).isEqualTo("webIdentity");
    assertThatThrownBy(() -> builder(AccessTokenSource.of(JWT1)).duration(Duration.ofMinutes(5))
        .build()).extracting(e -> ((InvalidConfigException) e).key()).isEqualTo("duration");
    assertThatThrownBy(() -> builder(AccessTokenSource.of(JWT1)).roleArn("role").build())
        .extracting(e -> ((InvalidConfigException) e).key()).isEqualTo("roleArn");
  }
}
