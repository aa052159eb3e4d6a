package de.denbi.spe.testkit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs a test class or method only when the named local services answer; otherwise the test is
 * skipped (reported as disabled) with a message naming the service and the command that starts
 * it, for example:
 *
 * <pre>SLURM is not running (no /repo/.spe-local/slurm/env.sh): start it with scripts/services up slurm</pre>
 *
 * <p>Parameters of type {@link SlurmCoordinates}, {@link S3Coordinates}, {@link
 * OidcCoordinates}, {@link OpenStackCoordinates} and {@link ServiceEnv} are resolved from the
 * service's {@code env.sh}. Annotations on a class and its methods add up; they may also be used
 * as meta-annotations.
 *
 * <p>To turn skips into failures (in CI, where the services must be up), set the system property
 * {@code spe.local.require} or the environment variable {@code SPE_LOCAL_REQUIRE} to {@code all}
 * or to a comma-separated list of service ids ({@code slurm,ceph}).
 *
 * <pre>{@code
 * @RequiresLocalService(LocalService.CEPH)
 * class BucketIT {
 *   @Test
 *   void putAndGet(S3Coordinates s3) { ... }
 * }
 * }</pre>
 *
 * @since 0.1.0
 */
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(LocalServiceExtension.class)
@Repeatable(RequiresLocalService.List.class)
public @interface RequiresLocalService {

  /**
   * The services the test needs.
   *
   * @return one or more services
   */
  LocalService[] value();

  /**
   * The OpenStack mode the test needs, if it needs {@link LocalService#OPENSTACK}: {@link
   * OpenStackMode#KEYSTONE} (the default) is satisfied by either mode, {@link OpenStackMode#FULL}
   * only by full mode.
   *
   * @return the least mode needed
   */
  OpenStackMode openstackMode() default OpenStackMode.KEYSTONE;

  /**
   * The container of a repeated {@link RequiresLocalService}.
   *
   * @since 0.1.0
   */
  @Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
  @Retention(RetentionPolicy.RUNTIME)
  @Documented
  @Inherited
  @ExtendWith(LocalServiceExtension.class)
  @interface List {

    /**
     * The repeated annotations.
     *
     * @return the annotations
     */
    RequiresLocalService[] value();
  }
}
