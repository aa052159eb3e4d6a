package de.denbi.spe.wes;

import de.denbi.spe.core.InvalidRequestException;
import de.denbi.spe.wes.internal.AttachmentNames;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A file sent with a run request as a {@code workflow_attachment} part. The file is streamed
 * from disk when the request is sent: its content is never held in memory.
 *
 * @param name the relative name the server stages it under, with {@code /} between directories
 *     (e.g. {@code rules/align.smk}); never absolute, never with {@code ..}
 * @param file the local file
 * @since 0.1.0
 */
public record Attachment(String name, Path file) {

  /** Validates the name and that the file is a readable regular file. */
  public Attachment {
    AttachmentNames.check(name);
    Objects.requireNonNull(file, "file");
    if (!Files.isRegularFile(file)) {
      throw new InvalidRequestException(
          "workflow_attachment[" + name + "]", "'" + file + "' is not a regular file");
    }
    if (!Files.isReadable(file)) {
      throw new InvalidRequestException(
          "workflow_attachment[" + name + "]", "'" + file + "' is not readable");
    }
  }

  /**
   * An attachment named like the file.
   *
   * @param file the file
   * @return the attachment
   */
  public static Attachment of(Path file) {
    Objects.requireNonNull(file, "file");
    Path fn = file.getFileName();
    if (fn == null) {
      throw new InvalidRequestException("workflow_attachment", "'" + file + "' has no file name");
    }
    return new Attachment(fn.toString(), file);
  }

  /**
   * The size of the file now.
   *
   * @return the size in bytes
   */
  public long size() {
    try {
      return Files.size(file);
    } catch (java.io.IOException e) {
      throw new de.denbi.spe.core.LocalIOException(
          "Cannot read the size of attachment '" + name + "' (" + file + "): " + e.getMessage(), e);
    }
  }
}
