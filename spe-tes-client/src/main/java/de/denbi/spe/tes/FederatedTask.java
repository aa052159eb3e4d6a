package de.denbi.spe.tes;

/**
 * A task and the endpoint it runs on.
 *
 * @param endpoint the endpoint's name
 * @param task the task
 * @since 0.1.0
 */
public record FederatedTask(String endpoint, TesTask task) {

  /**
   * The federated id.
   *
   * @return endpoint and task id
   */
  public FederatedTaskId id() {
    return new FederatedTaskId(endpoint, task.id());
  }
}
