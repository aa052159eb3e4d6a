package de.denbi.spe.storage.internal;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/** Timestamps as S3-compatible stores write them. */
public final class Times {
  private Times() {}

  /**
   * Parses an ISO-8601 instant with any number of fraction digits (Ceph RGW's STS writes nine,
   * AWS none, MinIO three), with {@code Z}, an offset, or no zone (taken as UTC).
   *
   * @param s the text
   * @return the instant
   * @throws DateTimeParseException if it is not such a timestamp
   */
  public static Instant parseIso(String s) {
    String t = s.strip();
    try {
      return Instant.parse(t);
    } catch (DateTimeParseException e) {
      try {
        return OffsetDateTime.parse(t).toInstant();
      } catch (DateTimeParseException e2) {
        return LocalDateTime.parse(t).toInstant(ZoneOffset.UTC);
      }
    }
  }
}
