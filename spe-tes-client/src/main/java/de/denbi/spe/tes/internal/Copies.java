package de.denbi.spe.tes.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Defensive copies of what a server sent: null becomes empty, null elements are dropped. */
public final class Copies {
  private Copies() {}

  /**
   * An unmodifiable copy without null elements.
   *
   * @param list the list, may be null
   * @param <T> the element type
   * @return the copy, empty for null
   */
  public static <T> List<T> list(List<T> list) {
    if (list == null || list.isEmpty()) {
      return List.of();
    }
    List<T> out = new ArrayList<>(list.size());
    for (T t : list) {
      if (t != null) {
        out.add(t);
      }
    }
    return Collections.unmodifiableList(out);
  }

  /**
   * An unmodifiable, order-keeping copy without null keys or values.
   *
   * @param map the map, may be null
   * @param <K> the key type
   * @param <V> the value type
   * @return the copy, empty for null
   */
  public static <K, V> Map<K, V> map(Map<K, V> map) {
    if (map == null || map.isEmpty()) {
      return Map.of();
    }
    Map<K, V> out = new LinkedHashMap<>();
    map.forEach(
        (k, v) -> {
          if (k != null && v != null) {
            out.put(k, v);
          }
        });
    return Collections.unmodifiableMap(out);
  }

  /**
   * Null for an empty collection, for leaving it out of a request.
   *
   * @param list the list
   * @param <T> the element type
   * @return the list, or null when empty
   */
  public static <T> List<T> nullIfEmpty(List<T> list) {
    return list == null || list.isEmpty() ? null : list;
  }

  /**
   * Null for an empty map, for leaving it out of a request.
   *
   * @param map the map
   * @param <K> the key type
   * @param <V> the value type
   * @return the map, or null when empty
   */
  public static <K, V> Map<K, V> nullIfEmpty(Map<K, V> map) {
    return map == null || map.isEmpty() ? null : map;
  }

  /**
   * Whether a string is null or blank.
   *
   * @param s the string
   * @return true for null or blank
   */
  public static boolean blank(String s) {
    return s == null || s.isBlank();
  }

  /**
   * Requires a non-null argument.
   *
   * @param o the argument
   * @param name its name
   * @param <T> its type
   * @return the argument
   */
  public static <T> T need(T o, String name) {
    return Objects.requireNonNull(o, name);
  }
}
