package de.denbi.spe.auth;

import de.denbi.spe.core.InvalidConfigException;
import java.net.URI;
import java.util.Objects;
import java.util.Optional;

/**
 * Where refresh tokens are kept between processes, one per issuer, client and account, so that
 * a notebook or CLI user logs in once. {@link FileTokenStore} keeps them in files readable only
 * by the user; implement this for a keyring or a vault.
 *
 * @since 0.1.0
 */
public interface TokenStore {

  /**
   * Which refresh token.
   *
   * @param issuer the issuer
   * @param clientId the client id
   * @param account a name the user gives the account (several per issuer and client)
   */
  record Key(URI issuer, String clientId, String account) {
    /** Checks the parts. */
    public Key {
      Objects.requireNonNull(issuer, "issuer");
      Objects.requireNonNull(clientId, "clientId");
      checkAccount(account);
    }

    /**
     * Checks an account name: 1 to 64 letters, digits, {@code . _ @ -}.
     *
     * @param account the name
     */
    static void checkAccount(String account) {
      if (account == null || !account.matches("[A-Za-z0-9._@-]{1,64}")) {
        throw new InvalidConfigException(
            "account", "must be 1 to 64 letters, digits, '.', '_', '@' or '-', was '" + account + "'");
      }
    }
  }

  /**
   * The stored refresh token.
   *
   * @param key which one
   * @return the token, if one is stored
   */
  Optional<String> load(Key key);

  /**
   * Stores a refresh token (replacing the old one).
   *
   * @param key which one
   * @param refreshToken the token
   */
  void save(Key key, String refreshToken);

  /**
   * Deletes a stored token (after a logout, or when the provider rejected it).
   *
   * @param key which one
   */
  void delete(Key key);
}
