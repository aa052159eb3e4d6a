package de.denbi.spe.tes;

import de.denbi.spe.core.InvalidRequestException;
import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Chooses where a {@link TesFederation} runs a task: it orders the healthy endpoints, and the
 * federation submits to the first that accepts (falling over to the next only when the
 * submission certainly did not reach the previous one).
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface PlacementStrategy {

  /**
   * The endpoints to try, best first.
   *
   * @param task the task to place
   * @param healthy the healthy endpoints, in the federation's order
   * @return the endpoints to try (a subset of {@code healthy}); empty if none fits
   */
  List<TesEndpoint> rank(TesTask task, List<TesEndpoint> healthy);

  /**
   * The first healthy endpoint in the federation's order, then the next ones.
   *
   * @return the strategy
   */
  static PlacementStrategy firstHealthy() {
    return (task, healthy) -> List.copyOf(healthy);
  }

  /**
   * Each task to the next healthy endpoint in turn.
   *
   * @return a strategy with its own counter
   */
  static PlacementStrategy roundRobin() {
    AtomicInteger next = new AtomicInteger();
    return (task, healthy) -> {
      if (healthy.isEmpty()) {
        return List.of();
      }
      int start = Math.floorMod(next.getAndIncrement(), healthy.size());
      List<TesEndpoint> out = new ArrayList<>(healthy.size());
      for (int i = 0; i < healthy.size(); i++) {
        out.add(healthy.get((start + i) % healthy.size()));
      }
      return out;
    };
  }

  /**
   * Only endpoints serving one of the task's {@code resources.zones}; a task without zones may
   * go anywhere.
   *
   * @return the strategy
   * @throws InvalidRequestException from {@code rank} when no healthy endpoint serves the zones
   */
  static PlacementStrategy byZone() {
    return (task, healthy) -> {
      List<String> zones = task.resources() == null || task.resources().zones() == null
          ? List.of() : task.resources().zones();
      if (zones.isEmpty()) {
        return List.copyOf(healthy);
      }
      List<TesEndpoint> out =
          healthy.stream().filter(e -> zones.stream().anyMatch(e.zones()::contains)).toList();
      if (out.isEmpty()) {
        throw new InvalidRequestException(
            "resources.zones", "no healthy endpoint serves the zones " + zones);
      }
      return out;
    };
  }

  /**
   * The endpoint named by the task's tag {@code key} (e.g. {@code site=denbi-berlin}) first;
   * without the tag, the federation's order.
   *
   * @param key the tag key
   * @return the strategy
   * @throws InvalidRequestException from {@code rank} when the named endpoint is unknown or down
   */
  static PlacementStrategy byTag(String key) {
    return (task, healthy) -> {
      String wanted = task.tags().get(key);
      if (wanted == null || wanted.isEmpty()) {
        return List.copyOf(healthy);
      }
      List<TesEndpoint> out = healthy.stream().filter(e -> e.name().equals(wanted)).toList();
      if (out.isEmpty()) {
        throw new InvalidRequestException(
            "tags." + key, "the endpoint '" + wanted + "' is not in the federation or not healthy");
      }
      return out;
    };
  }

  /**
   * Data locality: endpoints near the hosts of the task's input URLs first (most inputs near
   * first; ties keep the federation's order), then the rest. For {@code s3://bucket/key} URLs
   * the bucket counts as the host.
   *
   * @return the strategy
   */
  static PlacementStrategy dataLocality() {
    return (task, healthy) -> {
      List<String> hosts = new ArrayList<>();
      for (TesInput in : task.inputs()) {
        if (in.url() != null) {
          try {
            String h = URI.create(in.url().strip()).getHost();
            if (h != null) {
              hosts.add(h.toLowerCase(Locale.ROOT));
            }
          } catch (IllegalArgumentException e) {
            // a URL the server may understand but URI cannot parse: it places nothing
          }
        }
      }
      List<TesEndpoint> out = new ArrayList<>(healthy);
      out.sort(Comparator.comparingLong((TesEndpoint e) -> hosts.stream().filter(e::near).count()).reversed());
      return out;
    };
  }
}
