package de.denbi.spe.storage;

import de.denbi.spe.core.InvalidRequestException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Options of one transfer. Sizes and concurrency left at 0 take the client's defaults.
 *
 * @param partSize multipart part size in bytes (5 MiB to 5 GiB), or 0 for the client's
 * @param concurrency requests in flight at once, or 0 for the client's
 * @param progress the progress listener, or {@code null}
 * @param progressInterval the least time between two progress reports (default 100 ms; zero
 *     reports every completed part or chunk, e.g. for a log line per part)
 * @param sseCustomerKey SSE-C key, or {@code null} (HTTPS only)
 * @param includes glob patterns of relative paths to transfer (all when empty)
 * @param excludes glob patterns of relative paths to skip
 * @param skipUnchanged sync mode: skip files whose size and SHA-256 already match the other side
 * @param contentType content type for uploads, or {@code null}
 * @param metadata extra user metadata for uploads (names without {@code x-amz-meta-})
 * @since 0.1.0
 */
public record TransferOptions(
    long partSize,
    int concurrency,
    ProgressListener progress,
    Duration progressInterval,
    SseCustomerKey sseCustomerKey,
    List<String> includes,
    List<String> excludes,
    boolean skipUnchanged,
    String contentType,
    Map<String, String> metadata) {

  /** The default least time between two progress reports. */
  public static final Duration DEFAULT_PROGRESS_INTERVAL = Duration.ofMillis(100);

  private static final TransferOptions DEFAULTS = builder().build();

  /** Checks the values and copies the lists. */
  public TransferOptions {
    if (partSize != 0 && (partSize < StorageClient.MIN_PART_SIZE
        || partSize > StorageClient.MAX_PART_SIZE)) {
      throw new InvalidRequestException("partSize", "must be between 5 MiB and 5 GiB, was "
          + partSize);
    }
    if (concurrency < 0 || concurrency > 256) {
      throw new InvalidRequestException("concurrency", "must be 1 to 256, was " + concurrency);
    }
    if (progressInterval == null) {
      progressInterval = DEFAULT_PROGRESS_INTERVAL;
    }
    if (progressInterval.isNegative()) {
      throw new InvalidRequestException("progressInterval", "must not be negative, was " + progressInterval);
    }
    includes = includes == null ? List.of() : List.copyOf(includes);
    excludes = excludes == null ? List.of() : List.copyOf(excludes);
    metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    for (String k : metadata.keySet()) {
      if (!k.matches("[A-Za-z0-9_.-]+")) {
        throw new InvalidRequestException("metadata", "metadata names may only hold letters,"
            + " digits and _.-: '" + k + "'");
      }
      if (k.equalsIgnoreCase(ObjectInfo.SHA256_METADATA)) {
        throw new InvalidRequestException("metadata", "'sha256' is set by the SDK itself");
      }
    }
  }

  /**
   * The defaults (the client's part size and concurrency, no listener, no encryption).
   *
   * @return the options
   */
  public static TransferOptions defaults() {
    return DEFAULTS;
  }

  /**
   * A new builder.
   *
   * @return the builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Options built by a configuration function.
   *
   * @param config the function
   * @return the options
   */
  public static TransferOptions of(Consumer<Builder> config) {
    Builder b = builder();
    config.accept(b);
    return b.build();
  }

  /**
   * Builds {@link TransferOptions}.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private long partSize;
    private int concurrency;
    private ProgressListener progress;
    private Duration progressInterval = DEFAULT_PROGRESS_INTERVAL;
    private SseCustomerKey sseCustomerKey;
    private final List<String> includes = new ArrayList<>();
    private final List<String> excludes = new ArrayList<>();
    private boolean skipUnchanged;
    private String contentType;
    private final Map<String, String> metadata = new LinkedHashMap<>();

    private Builder() {}

    /**
     * Multipart part size.
     *
     * @param bytes 5 MiB to 5 GiB
     * @return this builder
     */
    public Builder partSize(long bytes) {
      this.partSize = bytes;
      return this;
    }

    /**
     * Requests in flight at once (parts, or files of a tree).
     *
     * @param n 1 to 256
     * @return this builder
     */
    public Builder concurrency(int n) {
      this.concurrency = n;
      return this;
    }

    /**
     * A progress listener.
     *
     * @param listener the listener
     * @return this builder
     */
    public Builder progress(ProgressListener listener) {
      this.progress = listener;
      return this;
    }

    /**
     * The least time between two progress reports (default 100 ms, enough for a progress bar);
     * zero reports every completed part or chunk.
     *
     * @param interval the interval
     * @return this builder
     */
    public Builder progressInterval(Duration interval) {
      this.progressInterval = interval;
      return this;
    }

    /**
     * Encrypt (upload) or decrypt (download) with SSE-C.
     *
     * @param key the key
     * @return this builder
     */
    public Builder sseCustomerKey(SseCustomerKey key) {
      this.sseCustomerKey = key;
      return this;
    }

    /**
     * Adds include patterns (tree transfers).
     *
     * @param globs e.g. {@code *.vcf.gz}, {@code raw/**}
     * @return this builder
     */
    public Builder include(String... globs) {
      includes.addAll(List.of(globs));
      return this;
    }

    /**
     * Adds exclude patterns (tree transfers).
     *
     * @param globs e.g. {@code *.tmp}, {@code .git/}
     * @return this builder
     */
    public Builder exclude(String... globs) {
      excludes.addAll(List.of(globs));
      return this;
    }

    /**
     * Sync mode: skip what is unchanged (same size and SHA-256).
     *
     * @param skip true to skip
     * @return this builder
     */
    public Builder skipUnchanged(boolean skip) {
      this.skipUnchanged = skip;
      return this;
    }

    /**
     * The content type of uploaded objects.
     *
     * @param type e.g. {@code application/gzip}
     * @return this builder
     */
    public Builder contentType(String type) {
      this.contentType = type;
      return this;
    }

    /**
     * Adds user metadata to uploaded objects.
     *
     * @param name the name (without {@code x-amz-meta-})
     * @param value the value
     * @return this builder
     */
    public Builder metadata(String name, String value) {
      metadata.put(name, value);
      return this;
    }

    /**
     * Builds the options.
     *
     * @return the options
     * @throws InvalidRequestException naming a bad option
     */
    public TransferOptions build() {
      return new TransferOptions(partSize, concurrency, progress, progressInterval, sseCustomerKey, includes,
          excludes, skipUnchanged, contentType, metadata);
    }
  }
}
