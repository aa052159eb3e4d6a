package de.denbi.spe.examples.auth;

import de.denbi.spe.auth.DeviceLogin;
import de.denbi.spe.auth.FileTokenStore;
import de.denbi.spe.auth.JwtValidator;
import de.denbi.spe.auth.OidcAgentTokenSource;
import de.denbi.spe.auth.OidcClient;
import de.denbi.spe.auth.Passport;
import de.denbi.spe.auth.PassportValidator;
import de.denbi.spe.auth.RefreshingTokenSource;
import de.denbi.spe.auth.SpeIdentity;
import de.denbi.spe.auth.TokenExchange;
import de.denbi.spe.auth.TokenSet;
import de.denbi.spe.auth.TokenSources;
import de.denbi.spe.auth.TokenStore;
import de.denbi.spe.auth.TrustedVisaIssuer;
import de.denbi.spe.core.SpeException;
import de.denbi.spe.core.auth.AccessToken;
import de.denbi.spe.core.profile.OidcSettings;
import de.denbi.spe.core.profile.SiteProfile;
import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Life Science Login from the command line, one sub-command per flow. The provider comes from
 * the site profile ({@code SPE_OIDC_ISSUER}, {@code SPE_OIDC_CLIENT_ID}, or {@code
 * ~/.config/spe/site.yaml}); refresh tokens are kept in {@code ~/.config/spe/tokens/} (0600),
 * so a user logs in once.
 *
 * <pre>
 * spe-examples/run auth device                 # device login (terminal, notebook, headless VM)
 * spe-examples/run auth browser                # authorization code + PKCE in a browser
 * spe-examples/run auth whoami                 # identity and entitlements, from the stored login
 * spe-examples/run auth token                  # a fresh access token on stdout (for curl)
 * SPE_TOKEN=... spe-examples/run auth validate spe-service        # local JWT validation
 * SPE_OIDC_CLIENT_SECRET=... spe-examples/run auth client-credentials spe-service
 * SPE_OIDC_CLIENT_SECRET=... spe-examples/run auth exchange spe-service [AUDIENCE]
 * spe-examples/run auth passport VISA_ISSUER JKU   # dataset grants from the user's visas
 * spe-examples/run auth agent lsaai            # a token from oidc-agent
 * spe-examples/run auth logout
 * </pre>
 */
public final class AuthExample {
  private static final String ACCOUNT = "default";

  private AuthExample() {}

  /**
   * Runs a sub-command.
   *
   * @param args the sub-command and its arguments
   * @param out where to print
   * @return the exit code
   */
  public static int run(String[] args, PrintStream out) {
    if (args.length == 0) {
      out.println("usage: auth device|browser|whoami|token|logout|validate AUDIENCE|"
          + "client-credentials CLIENT_ID|exchange CLIENT_ID [AUDIENCE]|passport VISA_ISSUER JKU|agent ACCOUNT");
      out.println("       the provider: SPE_OIDC_ISSUER and SPE_OIDC_CLIENT_ID (or the site profile)");
      return 2;
    }
    try {
      return switch (args[0]) {
        case "device" -> device(out);
        case "browser" -> browser(out);
        case "whoami" -> whoami(out);
        case "token" -> {
          out.println(source().token().value());
          yield 0;
        }
        case "logout" -> logout(out);
        case "validate" -> validate(need(args, 2, "validate AUDIENCE"), out);
        case "client-credentials" -> clientCredentials(need(args, 2, "client-credentials CLIENT_ID"), out);
        case "exchange" -> exchange(need(args, 2, "exchange CLIENT_ID [AUDIENCE]"), out);
        case "passport" -> passport(need(args, 3, "passport VISA_ISSUER JKU"), out);
        case "agent" -> agent(need(args, 2, "agent ACCOUNT"), out);
        default -> {
          out.println("unknown sub-command: " + args[0]);
          yield 2;
        }
      };
    } catch (UsageException e) {
      out.println("usage: auth " + e.getMessage());
      return 2;
    } catch (SpeException e) {
      out.println("error: " + e.getMessage());
      return 1;
    }
  }

  private static final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UsageException(String usage) {
      super(usage, null, false, false);
    }
  }

  private static String[] need(String[] args, int n, String usage) {
    if (args.length < n) {
      throw new UsageException(usage);
    }
    return args;
  }

  /** The site's public client (CLI, notebook). */
  static OidcClient publicClient() {
    OidcSettings s = SiteProfile.load().oidc();
    if (s == null) {
      throw new de.denbi.spe.core.InvalidConfigException(
          "SPE_OIDC_ISSUER", "no OpenID provider configured: set SPE_OIDC_ISSUER and SPE_OIDC_CLIENT_ID");
    }
    return OidcClient.builder(s).build();
  }

  static OidcClient confidentialClient(String clientId) {
    String secret = System.getenv("SPE_OIDC_CLIENT_SECRET");
    if (secret == null || secret.isBlank()) {
      throw new de.denbi.spe.core.InvalidConfigException(
          "SPE_OIDC_CLIENT_SECRET", "is not set (the secret of client " + clientId + ")");
    }
    return OidcClient.builder(SiteProfile.load().oidc()).clientId(clientId).clientSecret(secret).build();
  }

  /** A refreshing source from the stored login; a device login if there is none. */
  static RefreshingTokenSource source() {
    return RefreshingTokenSource.builder(publicClient())
        .store(FileTokenStore.defaultStore(), ACCOUNT)
        .deviceLoginWhenNeeded(a -> System.err.println(a.prompt()))
        .build();
  }

  private static int device(PrintStream out) {
    OidcClient oidc = publicClient();
    DeviceLogin login = oidc.startDeviceLogin();
    out.println(login.authorization().prompt());
    TokenSet tokens = login.await();
    RefreshingTokenSource.builder(oidc).initialTokens(tokens)
        .store(FileTokenStore.defaultStore(), ACCOUNT).build();
    out.println("Logged in; the refresh token is stored in " + FileTokenStore.defaultStore().directory());
    printIdentity(oidc.userInfo(tokens.accessToken().value()), out);
    return 0;
  }

  private static int browser(PrintStream out) {
    OidcClient oidc = publicClient();
    TokenSet tokens = oidc.loginWithBrowser(
        de.denbi.spe.auth.Browser.systemOrPrint(out), Duration.ofMinutes(5), oidc.scopes());
    RefreshingTokenSource.builder(oidc).initialTokens(tokens)
        .store(FileTokenStore.defaultStore(), ACCOUNT).build();
    printIdentity(oidc.userInfo(tokens.accessToken().value()), out);
    return 0;
  }

  private static int whoami(PrintStream out) {
    printIdentity(publicClient().userInfo(source().token().value()), out);
    return 0;
  }

  private static int logout(PrintStream out) {
    OidcClient oidc = publicClient();
    FileTokenStore store = FileTokenStore.defaultStore();
    TokenStore.Key key = new TokenStore.Key(oidc.issuer(), oidc.clientId(), ACCOUNT);
    String refresh = store.load(key).orElse(null);
    if (refresh == null) {
      out.println("Not logged in.");
      return 0;
    }
    if (oidc.provider().revocationEndpoint() != null) {
      oidc.revoke(refresh, true);
    }
    store.delete(key);
    out.println("Logged out: the refresh token was revoked and deleted.");
    return 0;
  }

  private static int validate(String[] args, PrintStream out) {
    OidcClient oidc = publicClient();
    JwtValidator validator = oidc.accessTokenValidator(args[1]);
    AccessToken token = TokenSources.fromEnvironment().token();
    SpeIdentity who = validator.validate(token.value()).identity();
    out.println("valid token for " + args[1]);
    printIdentity(who, out);
    return 0;
  }

  private static int clientCredentials(String[] args, PrintStream out) {
    TokenSet t = confidentialClient(args[1]).clientCredentials(List.of());
    out.println("client credentials token for " + args[1] + ", expires "
        + t.expiresAt().map(Instant::toString).orElse("(unknown)") + ", scopes " + t.scopes());
    return 0;
  }

  private static int exchange(String[] args, PrintStream out) {
    OidcClient service = confidentialClient(args[1]);
    TokenExchange.Builder req = TokenExchange.builder(source().token().value());
    if (args.length > 2) {
      req.audience(args[2]);
    }
    TokenSet t = service.exchange(req.build());
    out.println("exchanged: " + t.issuedTokenType() + ", expires "
        + t.expiresAt().map(Instant::toString).orElse("(unknown)"));
    return 0;
  }

  private static int passport(String[] args, PrintStream out) {
    PassportValidator passports = PassportValidator.builder()
        .trust(TrustedVisaIssuer.of(args[1], URI.create(args[2]))).build();
    Passport p = passports.fromUserInfo(publicClient().userInfoClaims(source().token().value()));
    p.datasetGrants().forEach(g -> out.println("dataset " + g.value() + " granted by " + g.source()
        + " until " + g.expires()));
    p.rejected().forEach(r -> out.println("rejected visa #" + r.index() + " (" + r.reason() + "): " + r.message()));
    return 0;
  }

  private static int agent(String[] args, PrintStream out) {
    AccessToken t = OidcAgentTokenSource.builder().account(args[1]).build().token();
    out.println("oidc-agent token for " + args[1] + ", expires "
        + t.expiry().map(Instant::toString).orElse("(unknown)"));
    return 0;
  }

  static void printIdentity(SpeIdentity who, PrintStream out) {
    out.println("sub:    " + who.subject() + "   (the stable key; not the username)");
    out.println("name:   " + who.displayName() + (who.email() == null ? "" : " <" + who.email() + ">"));
    for (var e : who.entitlements()) {
      out.println("group:  " + e.group() + e.roleName().map(r -> " (role " + r + ")").orElse(""));
    }
  }

  /**
   * Entry point.
   *
   * @param args the sub-command and its arguments
   */
  public static void main(String[] args) {
    System.exit(run(args, System.out));
  }
}
