package de.denbi.spe.testkit.wes;

/**
 * Which server the {@link FakeWesServer} imitates.
 *
 * @since 0.1.0
 */
public enum WesFlavor {
  /** WES 1.0.0 (Swagger 2.0 contract): no task endpoints, engine versions as strings. */
  WES_1_0,
  /** WES 1.1.0 (OpenAPI 3 contract): GA4GH service-info fields, tasks, run summaries. */
  WES_1_1,
  /**
   * WESkit: WES 1.0.0 with {@code SMK}/{@code NFL}, engine versions as comma-joined strings,
   * UUID run ids, no paging, HTTP 500 for malformed run ids, its own request validation, and
   * {@code /weskit/v1/runs/{id}/stdout|stderr} (409 until COMPLETE); service-info without a
   * token.
   */
  WESKIT
}
