package de.denbi.spe.tes;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;

/**
 * Whether an input or output is a file or a directory.
 *
 * @since 0.1.0
 */
public enum TesFileType {
  /** A single file (the default). */
  FILE,
  /** A directory, copied recursively. */
  DIRECTORY,
  /** A value this SDK does not know (read only; never sent). */
  @JsonEnumDefaultValue
  UNKNOWN
}
