package de.denbi.spe.testkit;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Lifecycle shared by the in-JVM fixtures: started by {@link #start()} or by JUnit (a static
 * {@code @RegisterExtension} field lives for the class, an instance field for each test), stopped
 * by {@link #close()} or by JUnit when JUnit started it.
 *
 * @param <F> the fixture type
 */
abstract class AbstractFixture<F extends AbstractFixture<F>>
    implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback,
        AutoCloseable {

  private enum Owner { NONE, USER, CLASS, METHOD }

  private Owner owner = Owner.NONE;

  /** Starts the fixture; a started fixture is left alone. */
  abstract void doStart() throws Exception;

  /** Stops the fixture and releases its resources. */
  abstract void doStop() throws Exception;

  abstract F self();

  /**
   * Starts the fixture, if it is not running.
   *
   * @return this fixture
   * @throws IllegalStateException if it cannot start
   */
  public final synchronized F start() {
    startAs(Owner.USER);
    return self();
  }

  /**
   * Whether the fixture runs.
   *
   * @return true between start and close
   */
  public final synchronized boolean isRunning() {
    return owner != Owner.NONE;
  }

  /** Stops the fixture; closing a stopped fixture does nothing. */
  @Override
  public final synchronized void close() {
    if (owner == Owner.NONE) {
      return;
    }
    owner = Owner.NONE;
    try {
      doStop();
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException("cannot stop " + getClass().getSimpleName() + ": " + e, e);
    }
  }

  final synchronized void requireRunning() {
    if (owner == Owner.NONE) {
      throw new IllegalStateException(getClass().getSimpleName() + " is not started: register it "
          + "with @RegisterExtension or call start()");
    }
  }

  private void startAs(Owner who) {
    if (owner != Owner.NONE) {
      return;
    }
    try {
      doStart();
    } catch (RuntimeException e) {
      safeStop();
      throw e;
    } catch (Exception e) {
      safeStop();
      throw new IllegalStateException("cannot start " + getClass().getSimpleName() + ": " + e, e);
    }
    owner = who;
  }

  private void safeStop() {
    try {
      doStop();
    } catch (Exception suppressed) {
      // the start failure is what matters
    }
  }

  /** Starts the fixture for the class (static {@code @RegisterExtension} field). */
  @Override
  public final synchronized void beforeAll(ExtensionContext context) {
    startAs(Owner.CLASS);
  }

  /** Starts the fixture for one test (instance field), unless it runs already. */
  @Override
  public final synchronized void beforeEach(ExtensionContext context) {
    startAs(Owner.METHOD);
  }

  /** Stops the fixture if it was started for this test. */
  @Override
  public final synchronized void afterEach(ExtensionContext context) {
    if (owner == Owner.METHOD) {
      close();
    }
  }

  /** Stops the fixture if it was started for the class. */
  @Override
  public final synchronized void afterAll(ExtensionContext context) {
    if (owner == Owner.CLASS) {
      close();
    }
  }
}
