package de.denbi.spe.storage.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import de.denbi.spe.core.json.SpeJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.TreeMap;

/**
 * The local record of a multipart upload in progress, so that an interrupted upload can be
 * resumed: which upload id, which file (size, modification time, SHA-256) and the ETag of every
 * part that the store acknowledged. Written atomically after each part; deleted on completion.
 * Holds no credentials.
 */
public final class UploadJournal {
  private static final ObjectMapper JSON = SpeJson.mapper();

  /**
   * The persisted state.
   *
   * @param bucket the bucket
   * @param key the key
   * @param file the absolute local path
   * @param size the file size at the start
   * @param modifiedMillis the file's modification time at the start
   * @param sha256 the file's SHA-256
   * @param partSize the part size used
   * @param uploadId the multipart upload id
   * @param parts part number to ETag of the parts acknowledged so far
   */
  public record State(
      String bucket,
      String key,
      String file,
      long size,
      long modifiedMillis,
      String sha256,
      long partSize,
      String uploadId,
      Map<Integer, String> parts) {}

  private final Path path;
  private final State base;
  private final TreeMap<Integer, String> parts;

  private UploadJournal(Path path, State base) {
    this.path = path;
    this.base = base;
    this.parts = new TreeMap<>(base.parts() == null ? Map.of() : base.parts());
  }

  /**
   * The journal file for an upload of a file to a key.
   *
   * @param dir the journal directory
   * @param bucket the bucket
   * @param key the key
   * @param file the local file
   * @return the journal path
   */
  public static Path pathFor(Path dir, String bucket, String key, Path file) {
    String id = bucket + "\n" + key + "\n" + file.toAbsolutePath().normalize();
    return dir.resolve(Hashing.sha256Hex(id.getBytes(StandardCharsets.UTF_8),
        id.getBytes(StandardCharsets.UTF_8).length).substring(0, 32) + ".json");
  }

  /**
   * Loads a journal, if one exists and is readable.
   *
   * @param path the journal file
   * @return the journal, or null
   */
  public static UploadJournal load(Path path) {
    if (!Files.isRegularFile(path)) {
      return null;
    }
    try {
      State s = JSON.readValue(path.toFile(), State.class);
      return s.uploadId() == null ? null : new UploadJournal(path, s);
    } catch (IOException | RuntimeException e) {
      return null; // a damaged journal: start afresh
    }
  }

  /**
   * Starts a journal and writes it.
   *
   * @param path where
   * @param state the initial state (no parts)
   * @return the journal
   * @throws IOException if it cannot be written
   */
  public static UploadJournal create(Path path, State state) throws IOException {
    UploadJournal j = new UploadJournal(path, state);
    j.save();
    return j;
  }

  /**
   * The state it started with.
   *
   * @return the state
   */
  public State state() {
    return base;
  }

  /**
   * The parts recorded so far.
   *
   * @return part number to ETag (a copy)
   */
  public synchronized Map<Integer, String> parts() {
    return new TreeMap<>(parts);
  }

  /**
   * Records a part and writes the journal.
   *
   * @param number the part number
   * @param etag its ETag
   * @throws IOException if the journal cannot be written
   */
  public synchronized void recordPart(int number, String etag) throws IOException {
    parts.put(number, etag);
    save();
  }

  /**
   * Forgets parts (those the store no longer has).
   *
   * @param keep the part numbers to keep
   * @throws IOException if the journal cannot be written
   */
  public synchronized void retainParts(java.util.Set<Integer> keep) throws IOException {
    parts.keySet().retainAll(keep);
    save();
  }

  /** Deletes the journal (upload completed or abandoned). */
  public synchronized void delete() {
    try {
      Files.deleteIfExists(path);
    } catch (IOException e) {
      // a left-over journal only costs a failed resume attempt later
    }
  }

  private void save() throws IOException {
    Files.createDirectories(path.getParent());
    State s = new State(base.bucket(), base.key(), base.file(), base.size(),
        base.modifiedMillis(), base.sha256(), base.partSize(), base.uploadId(), parts);
    Path tmp = path.resolveSibling(path.getFileName() + ".tmp");
    JSON.writeValue(tmp.toFile(), s);
    try {
      Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
