package de.denbi.spe.auth;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The validated visas of a GA4GH passport, and those that were rejected.
 *
 * @param visas the accepted visas
 * @param rejected the rejected visas with the reason for each
 * @since 0.1.0
 */
public record Passport(List<Visa> visas, List<RejectedVisa> rejected) {

  /** Copies the lists. */
  public Passport {
    visas = List.copyOf(visas);
    rejected = List.copyOf(rejected);
  }

  /**
   * The dataset grants of the accepted {@code ControlledAccessGrants} visas.
   *
   * @return the grants
   */
  public List<DatasetGrant> datasetGrants() {
    return visas.stream()
        .filter(v -> Visa.CONTROLLED_ACCESS_GRANTS.equals(v.type()))
        .map(v -> new DatasetGrant(v.value(), v.source(), v.by(), v.asserted(), v.expiresAt()))
        .toList();
  }

  /**
   * Whether an accepted visa grants access to a dataset at a time.
   *
   * @param dataset the dataset (the visa's {@code value})
   * @param at the time
   * @return true if a valid grant names the dataset
   */
  public boolean grants(String dataset, Instant at) {
    Objects.requireNonNull(dataset, "dataset");
    return datasetGrants().stream().anyMatch(g -> g.value().equals(dataset) && g.validAt(at));
  }
}
