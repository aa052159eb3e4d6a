package de.denbi.spe.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Fails if a secret (password, secret key, client secret, JWT, application credential secret)
 * of any coordinates record shows in its toString(), including components added later.
 */
class SecretRedactionTest {

  private static final Pattern SECRET = Pattern.compile("(?i).*(secret|password|jwt|token).*");

  @ParameterizedTest
  @ValueSource(classes = {SlurmCoordinates.class, S3Coordinates.class, OidcCoordinates.class,
      OpenStackCoordinates.class})
  void toStringNeverShowsSecrets(Class<? extends Record> type) throws Exception {
    RecordComponent[] components = type.getRecordComponents();
    Object[] args = new Object[components.length];
    Class<?>[] types = new Class<?>[components.length];
    List<String> secrets = new ArrayList<>();
    List<String> visible = new ArrayList<>();
    for (int i = 0; i < components.length; i++) {
      RecordComponent c = components[i];
      types[i] = c.getType();
      String marker = "value-of-" + c.getName() + "-XYZ";
      if (c.getType() == String.class) {
        args[i] = marker;
        (SECRET.matcher(c.getName()).matches() ? secrets : visible).add(marker);
      } else if (c.getType() == int.class) {
        args[i] = 1;
      } else if (c.getType() == boolean.class) {
        args[i] = true;
      } else if (c.getType() == URI.class) {
        args[i] = URI.create("http://127.0.0.1/" + c.getName());
      } else if (c.getType() == Path.class) {
        args[i] = Path.of("/p/" + c.getName());
      } else if (c.getType() == OpenStackMode.class) {
        args[i] = OpenStackMode.FULL;
      } else {
        throw new AssertionError("extend this test for " + c.getType());
      }
    }
    Constructor<? extends Record> ctor = type.getDeclaredConstructor(types);
    Record r = ctor.newInstance(args);
    String s = r.toString();

    assertThat(secrets).as("%s has secret components", type.getSimpleName()).isNotEmpty();
    for (String secret : secrets) {
      assertThat(s).as("toString of %s", type.getSimpleName()).doesNotContain(secret);
    }
    for (String v : visible) {
      assertThat(s).as("toString of %s shows non-secret values", type.getSimpleName())
          .contains(v);
    }
    for (RecordComponent c : components) {
      assertThat(s).contains(c.getName() + "=");
    }
    assertThat(s).contains("***");
  }

  @Test
  void unsetOptionalSecretsShowAsNull() {
    // so that "not configured" can be told from "configured"
    SlurmCoordinates slurm = new SlurmCoordinates("h", 22, "u", Path.of("/k"), Path.of("/kh"),
        "debug", null, null, null, null);
    assertThat(slurm.toString()).contains("jwt=null");
    S3Coordinates s3 = new S3Coordinates(URI.create("http://h"), "a", "s", "r", true, null, null,
        null, null, null);
    assertThat(s3.toString()).contains("trustStorePassword=null").contains("secretKey=***");
  }

  @Test
  void fixturesAndEnvDoNotPrintSecrets() {
    S3ProxyFixture s3 = S3ProxyFixture.builder().credentials("AK", "very-secret-SK").build();
    assertThat(s3.toString()).contains("AK").doesNotContain("very-secret-SK");
  }
}
