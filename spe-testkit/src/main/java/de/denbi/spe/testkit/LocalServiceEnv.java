package de.denbi.spe.testkit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Says which service's {@link ServiceEnv} a test parameter gets, when the test requires more than
 * one service.
 *
 * <pre>{@code
 * @Test
 * @RequiresLocalService({LocalService.CEPH, LocalService.KEYCLOAK})
 * void sts(@LocalServiceEnv(LocalService.CEPH) ServiceEnv ceph, OidcCoordinates oidc) { ... }
 * }</pre>
 *
 * @since 0.1.0
 */
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface LocalServiceEnv {

  /**
   * The service whose env file the parameter gets.
   *
   * @return the service
   */
  LocalService value();
}
