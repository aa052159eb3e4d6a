package de.denbi.spe.tes;

import de.denbi.spe.core.wait.WaiterConfig;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * How to wait for a task: the polling delays and deadline, a progress callback, and the view of
 * the task returned at the end. Polls use {@link TesView#MINIMAL} (id and state only); the final
 * task is fetched once more with {@code finalView}.
 *
 * @param config delays, timeout and tolerated errors of the polling
 * @param finalView the view of the task returned when it has ended
 * @param onProgress called with every polled (MINIMAL) task, on the polling thread
 * @since 0.1.0
 */
public record WaitOptions(WaiterConfig config, TesView finalView, Consumer<TesTask> onProgress) {

  /** Checks the values. */
  public WaitOptions {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(finalView, "finalView");
    Objects.requireNonNull(onProgress, "onProgress");
  }

  /**
   * The defaults: {@link WaiterConfig#defaults()} (1 s growing to 30 s, 24 h), final view
   * {@link TesView#BASIC}, no callback.
   *
   * @return the options
   */
  public static WaitOptions defaults() {
    return new WaitOptions(WaiterConfig.defaults(), TesView.BASIC, t -> {});
  }

  /**
   * The same with another timeout.
   *
   * @param timeout the deadline
   * @return the copy
   */
  public WaitOptions withTimeout(Duration timeout) {
    return new WaitOptions(config.withTimeout(timeout), finalView, onProgress);
  }

  /**
   * The same with another polling configuration.
   *
   * @param c the configuration
   * @return the copy
   */
  public WaitOptions withConfig(WaiterConfig c) {
    return new WaitOptions(c, finalView, onProgress);
  }

  /**
   * The same with another final view.
   *
   * @param v the view
   * @return the copy
   */
  public WaitOptions withFinalView(TesView v) {
    return new WaitOptions(config, v, onProgress);
  }

  /**
   * The same with a progress callback.
   *
   * @param callback called with every polled task
   * @return the copy
   */
  public WaitOptions withProgress(Consumer<TesTask> callback) {
    return new WaitOptions(config, finalView, callback);
  }
}
