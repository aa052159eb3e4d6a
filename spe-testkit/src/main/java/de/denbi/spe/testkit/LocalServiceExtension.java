package de.denbi.spe.testkit;

import de.denbi.spe.testkit.internal.ServiceProbe;
import java.lang.reflect.AnnotatedElement;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The JUnit 5 extension behind {@link RequiresLocalService}: skips tests whose services do not
 * answer and resolves their coordinates as parameters. It is registered by the annotation; it
 * need not be registered by hand.
 *
 * <p>Probe results are cached for the whole test run; an unavailable service is also reported
 * once on standard error, unless the system property {@value #QUIET_PROPERTY} is {@code true}.
 *
 * @since 0.1.0
 */
public final class LocalServiceExtension implements ExecutionCondition, ParameterResolver {

  /** System property that keeps the extension from reporting unavailable services on stderr. */
  public static final String QUIET_PROPERTY = "spe.local.quiet";

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(LocalServiceExtension.class);

  /** Creates the extension (JUnit does this). */
  public LocalServiceExtension() {}

  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    Optional<AnnotatedElement> element = context.getElement();
    if (element.isEmpty()) {
      return ConditionEvaluationResult.enabled("no element");
    }
    Map<LocalService, OpenStackMode> needed = requirements(List.of(element.get()));
    if (needed.isEmpty()) {
      return ConditionEvaluationResult.enabled("no local service required here");
    }
    List<String> running = new ArrayList<>();
    for (Map.Entry<LocalService, OpenStackMode> e : needed.entrySet()) {
      ServiceStatus status = status(context, e.getKey(), e.getValue());
      if (!status.available()) {
        if (LocalServices.isRequired(e.getKey())) {
          throw new IllegalStateException(status.message() + " [" + LocalServices.REQUIRE_PROPERTY
              + "/" + LocalServices.REQUIRE_ENV + " demands it]");
        }
        return ConditionEvaluationResult.disabled(status.message());
      }
      running.add(status.message());
    }
    return ConditionEvaluationResult.enabled(String.join("; ", running));
  }

  @Override
  public boolean supportsParameter(ParameterContext parameterContext,
      ExtensionContext extensionContext) {
    Class<?> type = parameterContext.getParameter().getType();
    return type == ServiceEnv.class || serviceFor(type).isPresent();
  }

  @Override
  public Object resolveParameter(ParameterContext parameterContext,
      ExtensionContext extensionContext) {
    Class<?> type = parameterContext.getParameter().getType();
    Map<LocalService, OpenStackMode> declared = requirements(elementsInScope(extensionContext));
    LocalService service;
    if (type == ServiceEnv.class) {
      Optional<LocalServiceEnv> which =
          parameterContext.findAnnotation(LocalServiceEnv.class);
      if (which.isPresent()) {
        service = which.get().value();
      } else if (declared.size() == 1) {
        service = declared.keySet().iterator().next();
      } else {
        throw new ParameterResolutionException("A ServiceEnv parameter needs exactly one "
            + "@RequiresLocalService service, or @LocalServiceEnv(...) on the parameter; "
            + "declared: " + declared.keySet());
      }
    } else {
      service = serviceFor(type).orElseThrow();
    }
    if (!declared.containsKey(service)) {
      throw new ParameterResolutionException(type.getSimpleName() + " needs "
          + "@RequiresLocalService(LocalService." + service.name() + ") on the test method or "
          + "its class, so that the test is skipped when " + service + " is not running");
    }
    ServiceEnv env;
    try {
      env = LocalServices.env(service);
    } catch (ServiceEnvException e) {
      throw new ParameterResolutionException(e.getMessage(), e);
    }
    try {
      return switch (service) {
        case SLURM -> type == ServiceEnv.class ? env : SlurmCoordinates.from(env);
        case CEPH -> type == ServiceEnv.class ? env : S3Coordinates.from(env);
        case KEYCLOAK -> type == ServiceEnv.class ? env : OidcCoordinates.from(env);
        case OPENSTACK -> type == ServiceEnv.class ? env : OpenStackCoordinates.from(env);
      };
    } catch (ServiceEnvException e) {
      throw new ParameterResolutionException(e.getMessage(), e);
    }
  }

  private static Optional<LocalService> serviceFor(Class<?> type) {
    if (type == SlurmCoordinates.class) {
      return Optional.of(LocalService.SLURM);
    }
    if (type == S3Coordinates.class) {
      return Optional.of(LocalService.CEPH);
    }
    if (type == OidcCoordinates.class) {
      return Optional.of(LocalService.KEYCLOAK);
    }
    if (type == OpenStackCoordinates.class) {
      return Optional.of(LocalService.OPENSTACK);
    }
    return Optional.empty();
  }

  private static ServiceStatus status(ExtensionContext context, LocalService service,
      OpenStackMode mode) {
    ExtensionContext.Store store = context.getRoot().getStore(NAMESPACE);
    String key = service.id() + "/" + mode.id();
    return store.getOrComputeIfAbsent(key, k -> {
      ServiceStatus s = ServiceProbe.check(service, mode, LocalServices.localDir(),
          ServiceProbe.DEFAULT_TIMEOUT);
      if (!s.available() && !Boolean.getBoolean(QUIET_PROPERTY)) {
        // once per service and run, on the console, besides the skip reason in the reports
        System.err.println("[spe-testkit] skipping tests: " + s.message());
      }
      return s;
    }, ServiceStatus.class);
  }

  /** The test method (if any), the test class and its enclosing classes. */
  private static List<AnnotatedElement> elementsInScope(ExtensionContext context) {
    List<AnnotatedElement> out = new ArrayList<>();
    context.getTestMethod().ifPresent(out::add);
    Optional<Class<?>> c = context.getTestClass();
    for (Class<?> k = c.orElse(null); k != null; k = k.getEnclosingClass()) {
      out.add(k);
    }
    return out;
  }

  /** The services the elements require, each with the strictest OpenStack mode asked for. */
  static Map<LocalService, OpenStackMode> requirements(List<AnnotatedElement> elements) {
    Map<LocalService, OpenStackMode> out = new EnumMap<>(LocalService.class);
    for (AnnotatedElement e : elements) {
      List<RequiresLocalService> found =
          AnnotationSupport.findRepeatableAnnotations(e, RequiresLocalService.class);
      for (RequiresLocalService r : found) {
        for (LocalService s : r.value()) {
          OpenStackMode mode = s == LocalService.OPENSTACK ? r.openstackMode()
              : OpenStackMode.KEYSTONE;
          out.merge(s, mode, (a, b) -> a.ordinal() >= b.ordinal() ? a : b);
        }
      }
    }
    return out;
  }

  @Override
  public String toString() {
    return "LocalServiceExtension";
  }
}
