package de.denbi.spe.storage;

import de.denbi.spe.core.InvalidConfigException;
import de.denbi.spe.core.InvalidRequestException;
import de.denbi.spe.core.LocalIOException;
import de.denbi.spe.core.SpeConnectionException;
import de.denbi.spe.core.SpeException;
import de.denbi.spe.core.SpeServiceException;
import de.denbi.spe.core.audit.AuditEvent;
import de.denbi.spe.core.audit.AuditOutcome;
import de.denbi.spe.core.audit.AuditSink;
import de.denbi.spe.core.auth.AccessTokenSource;
import de.denbi.spe.core.http.RetryPolicy;
import de.denbi.spe.core.http.SpeHttpClient;
import de.denbi.spe.core.paging.Page;
import de.denbi.spe.core.paging.Paginator;
import de.denbi.spe.core.profile.S3Settings;
import de.denbi.spe.core.profile.SiteProfile;
import de.denbi.spe.storage.internal.BufferPool;
import de.denbi.spe.storage.internal.FileHashes;
import de.denbi.spe.storage.internal.Glob;
import de.denbi.spe.storage.internal.Hashing;
import de.denbi.spe.storage.internal.MinioErrors;
import de.denbi.spe.storage.internal.MinioLogFilter;
import de.denbi.spe.storage.internal.ProgressTracker;
import de.denbi.spe.storage.internal.UploadJournal;
import io.minio.AbortMultipartUploadArgs;
import io.minio.BucketExistsArgs;
import io.minio.CompleteMultipartUploadArgs;
import io.minio.CopyObjectArgs;
import io.minio.CreateMultipartUploadArgs;
import io.minio.DeleteBucketPolicyArgs;
import io.minio.Directive;
import io.minio.GetBucketPolicyArgs;
import io.minio.GetObjectArgs;
import io.minio.GetObjectResponse;
import io.minio.GetObjectTagsArgs;
import io.minio.GetPresignedObjectUrlArgs;
import io.minio.HeadObjectResponse;
import io.minio.Http;
import io.minio.ListObjectsV2Args;
import io.minio.ListPartsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioAsyncClient;
import io.minio.PutObjectAPIArgs;
import io.minio.RemoveBucketArgs;
import io.minio.RemoveObjectArgs;
import io.minio.RemoveObjectsArgs;
import io.minio.Result;
import io.minio.ServerSideEncryption;
import io.minio.SetBucketPolicyArgs;
import io.minio.SetObjectTagsArgs;
import io.minio.SourceObject;
import io.minio.StatObjectArgs;
import io.minio.StatObjectResponse;
import io.minio.UploadPartArgs;
import io.minio.credentials.Credentials;
import io.minio.credentials.Provider;
import io.minio.errors.XmlParserException;
import io.minio.messages.DeleteRequest;
import io.minio.messages.DeleteResult;
import io.minio.messages.ListBucketResultV2;
import io.minio.messages.ListPartsResult;
import io.minio.messages.Part;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;

/**
 * An S3 client for an SPE's data: objects and buckets, parallel and resumable transfers of
 * files, streams and directory trees with SHA-256 verification, presigned links, SSE-C, tags
 * and bucket policies. S3-generic: works with MinIO, Ceph RGW, AWS S3 and s3proxy (MinIO-only
 * administration is in {@link MinioAdminClient}). Built on minio-java; immutable and
 * thread-safe; {@link #close()} it when done.
 *
 * <pre>{@code
 * try (StorageClient s3 = StorageClient.builder()
 *     .endpoint("https://s3.example.org")
 *     .credentials(StsCredentialsProvider.builder()
 *         .stsEndpoint(URI.create("https://s3.example.org"))
 *         .roleArn("arn:aws:iam:::role/spe-project-1")
 *         .webIdentity(tokenSource).build())
 *     .build()) {
 *   s3.upload(Path.of("cohort.vcf.gz"), "spe-project-1", "users/" + sub + "/cohort.vcf.gz");
 * }
 * }</pre>
 *
 * <p>Every object uploaded by the SDK carries its SHA-256 in {@code x-amz-meta-sha256}; downloads
 * check it and write to a temporary file that is renamed to the target only when complete and
 * verified. A multipart upload of a file records its progress in a journal (see
 * {@link Builder#resumeDirectory(Path)}), so that uploading the same file to the same key again
 * after an interruption re-sends only the missing parts.
 *
 * @since 0.1.0
 */
public final class StorageClient implements AutoCloseable {
  /** Smallest multipart part S3 accepts (except the last part). */
  public static final long MIN_PART_SIZE = 5L * 1024 * 1024;
  /** Largest multipart part S3 accepts. */
  public static final long MAX_PART_SIZE = 5L * 1024 * 1024 * 1024;
  /** Default part size: 16 MiB. */
  public static final long DEFAULT_PART_SIZE = 16L * 1024 * 1024;
  /** S3's limit on parts per upload. */
  public static final int MAX_PARTS = 10_000;
  /** S3's limit on presigned link lifetime (SigV4): 7 days. */
  public static final Duration MAX_PRESIGN_EXPIRY = Duration.ofDays(7);
  /** The largest part a stream upload buffers (an array's limit is 2 GiB). */
  private static final long MAX_STREAM_PART = 1L << 30;
  /** The buffer a download fills between two writes to its file. */
  private static final int COPY_BUFFER = 256 * 1024;
  private static final long MAX_COPY_SIZE = 5L * 1024 * 1024 * 1024;
  private static final String SHA_HEADER = "x-amz-meta-" + ObjectInfo.SHA256_METADATA;

  private final MinioAsyncClient minio;
  private final URI endpoint;
  private final boolean https;
  private final String region;
  private final CredentialsProvider credentials;
  private final long partSize;
  private final int concurrency;
  private final long memoryBudget;
  private final int attempts;
  private final Duration maxPresignExpiry;
  private final Path resumeDirectory;
  private final AuditSink audit;
  private final String actor;
  private final ExecutorService executor;
  private final Semaphore memory;
  private final int memoryUnits;
  private final BufferPool buffers;
  private final Dispatcher dispatcher;

  private StorageClient(Builder b, OkHttpClient http) {
    this.dispatcher = http.dispatcher();
    MinioLogFilter.install(); // no WARNING for each multipart upload to Ceph RGW
    this.endpoint = b.endpoint;
    this.https = "https".equalsIgnoreCase(b.endpoint.getScheme());
    this.region = b.region;
    this.credentials = b.credentials;
    this.partSize = b.partSize;
    this.concurrency = b.concurrency;
    this.memoryBudget = b.memoryBudget;
    this.attempts = b.attempts;
    this.maxPresignExpiry = b.maxPresignExpiry;
    this.resumeDirectory = b.resume ? b.resumeDirectory : null;
    this.audit = b.audit;
    this.actor = b.actor;
    this.executor = Executors.newThreadPerTaskExecutor(
        Thread.ofVirtual().name("spe-storage-", 0).factory());
    this.memoryUnits = (int) Math.max(1, b.memoryBudget / 1024);
    this.memory = new Semaphore(memoryUnits);
    this.buffers = new BufferPool(Math.min(b.memoryBudget, 16L * 1024 * 1024));
    CredentialsProvider cp = b.credentials;
    Provider provider = () -> {
      S3Credentials c = cp.credentials();
      return new Credentials(c.accessKeyId(), c.secretAccessKey(), c.sessionToken(), null);
    };
    MinioAsyncClient m = MinioAsyncClient.builder()
        .endpoint(b.endpoint.toString())
        .region(b.region)
        .credentialsProvider(provider)
        .httpClient(http)
        .build();
    if (!b.pathStyle) {
      m.enableVirtualStyleEndpoint();
    } else {
      m.disableVirtualStyleEndpoint();
    }
    this.minio = m;
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
   * A client for a site's S3 store: static keys when {@code tokenSource} is null, else STS
   * credentials from the token, for the profile's role.
   *
   * @param profile the site profile (its {@code s3} section)
   * @param tokenSource the user's OIDC token source, or null
   * @param staticKeys static keys used when {@code tokenSource} is null
   * @return a configured builder
   */
  public static Builder fromProfile(
      SiteProfile profile, AccessTokenSource tokenSource, S3Credentials staticKeys) {
    S3Settings s3 = profile.requireS3();
    Builder b = builder().endpoint(s3.endpoint()).region(s3.region()).pathStyle(s3.pathStyle());
    if (tokenSource != null) {
      URI sts = s3.stsEndpoint() != null ? s3.stsEndpoint() : s3.endpoint();
      b.credentials(StsCredentialsProvider.builder().stsEndpoint(sts).roleArn(s3.roleArn())
          .webIdentity(tokenSource).build());
    } else if (staticKeys != null) {
      b.credentials(CredentialsProvider.of(staticKeys));
    }
    return b;
  }

  /**
   * The endpoint.
   *
   * @return the S3 endpoint
   */
  public URI endpoint() {
    return endpoint;
  }

  /**
   * The region requests are signed for.
   *
   * @return the region
   */
  public String region() {
    return region;
  }

  // ------------------------------------------------------------------ buckets

  /**
   * Creates a bucket (in the client's region).
   *
   * @param bucket the name
   * @throws de.denbi.spe.core.ConflictException if it exists
   */
  public void createBucket(String bucket) {
    checkBucket(bucket);
    run("bucket.create", "s3://" + bucket, Map.of(), () ->
        minio.makeBucket(MakeBucketArgs.builder().bucket(bucket).region(region).build()).get());
  }

  /**
   * Creates a bucket unless it exists (and is accessible).
   *
   * @param bucket the name
   * @return true if it was created
   */
  public boolean createBucketIfMissing(String bucket) {
    if (bucketExists(bucket)) {
      return false;
    }
    try {
      createBucket(bucket);
      return true;
    } catch (SpeServiceException e) {
      String code = MinioErrors.codeOf(e);
      if ("BucketAlreadyOwnedByYou".equals(code)) {
        return false;
      }
      throw e;
    }
  }

  /**
   * Whether a bucket exists and may be accessed.
   *
   * @param bucket the name
   * @return true if it exists
   */
  public boolean bucketExists(String bucket) {
    checkBucket(bucket);
    return call("HEAD s3://" + bucket, () ->
        minio.bucketExists(BucketExistsArgs.builder().bucket(bucket).build()).get());
  }

  /**
   * Deletes an empty bucket.
   *
   * @param bucket the name
   */
  public void deleteBucket(String bucket) {
    checkBucket(bucket);
    run("bucket.delete", "s3://" + bucket, Map.of(), () ->
        minio.removeBucket(RemoveBucketArgs.builder().bucket(bucket).build()).get());
  }

  /**
   * Sets a bucket policy.
   *
   * @param bucket the bucket
   * @param policy the policy (with principals)
   */
  public void setBucketPolicy(String bucket, PolicyDocument policy) {
    checkBucket(bucket);
    String json = policy.toJson();
    run("bucket.policy.set", "s3://" + bucket, Map.of("policySha256",
        Hashing.sha256Hex(json.getBytes(java.nio.charset.StandardCharsets.UTF_8),
            json.getBytes(java.nio.charset.StandardCharsets.UTF_8).length)), () ->
        minio.setBucketPolicy(SetBucketPolicyArgs.builder().bucket(bucket).config(json).build())
            .get());
  }

  /**
   * The bucket policy.
   *
   * @param bucket the bucket
   * @return the policy, if one is set
   */
  public Optional<PolicyDocument> bucketPolicy(String bucket) {
    checkBucket(bucket);
    try {
      String json = call("GET policy s3://" + bucket, () ->
          minio.getBucketPolicy(GetBucketPolicyArgs.builder().bucket(bucket).build()).get());
      return json == null || json.isBlank() ? Optional.empty()
          : Optional.of(PolicyDocument.parse(json));
    } catch (SpeServiceException e) {
      if ("NoSuchBucketPolicy".equals(MinioErrors.codeOf(e))) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /**
   * Removes the bucket policy.
   *
   * @param bucket the bucket
   */
  public void deleteBucketPolicy(String bucket) {
    checkBucket(bucket);
    run("bucket.policy.delete", "s3://" + bucket, Map.of(), () ->
        minio.deleteBucketPolicy(DeleteBucketPolicyArgs.builder().bucket(bucket).build()).get());
  }

  // ------------------------------------------------------------------ objects

  /**
   * Uploads bytes as one object (with its SHA-256 in metadata).
   *
   * @param bucket the bucket
   * @param key the key
   * @param data the content
   * @return the result
   */
  public TransferResult putObject(String bucket, String key, byte[] data) {
    return putObject(bucket, key, data, TransferOptions.defaults());
  }

  /**
   * Uploads bytes as one object.
   *
   * @param bucket the bucket
   * @param key the key
   * @param data the content (at most 5 GiB)
   * @param options encryption, metadata, content type
   * @return the result
   */
  public TransferResult putObject(String bucket, String key, byte[] data, TransferOptions options) {
    checkTarget(bucket, key, options);
    long t0 = System.nanoTime();
    String sha = Hashing.sha256Hex(data, data.length);
    return audited("object.put", bucket, key, () -> {
      putSingle(bucket, key, data, data.length, sha, options, null);
      return new TransferResult(bucket, key, null, data.length, sha, false, false, 0,
          Duration.ofNanos(System.nanoTime() - t0));
    });
  }

  /**
   * Reads a small object into memory.
   *
   * @param bucket the bucket
   * @param key the key
   * @return the content
   */
  public byte[] getObjectBytes(String bucket, String key) {
    return getObjectBytes(bucket, key, TransferOptions.defaults());
  }

  /**
   * Reads a small object into memory, checking its SHA-256 if one is recorded.
   *
   * @param bucket the bucket
   * @param key the key
   * @param options SSE-C key
   * @return the content
   * @throws ChecksumMismatchException if the content does not match the recorded SHA-256
   */
  public byte[] getObjectBytes(String bucket, String key, TransferOptions options) {
    checkTarget(bucket, key, options);
    ObjectInfo info = stat(bucket, key, options.sseCustomerKey());
    if (info.size() > Integer.MAX_VALUE - 16) {
      throw new InvalidRequestException("key", "the object is too large for memory ("
          + info.size() + " bytes); use download() or openObject()");
    }
    byte[] data;
    try (InputStream in = openObject(bucket, key, 0, -1, options.sseCustomerKey())) {
      data = in.readAllBytes();
    } catch (IOException e) {
      throw MinioErrors.map(e, "GET " + uri(bucket, key));
    }
    Optional<String> sha = info.sha256();
    if (sha.isPresent()) {
      String got = Hashing.sha256Hex(data, data.length);
      if (!got.equalsIgnoreCase(sha.get())) {
        throw new ChecksumMismatchException(uri(bucket, key), sha.get(), got);
      }
    }
    return data;
  }

  /**
   * Opens an object, or a range of it, for reading (a ranged read of an SSE-C object needs
   * its key). Close the stream.
   *
   * @param bucket the bucket
   * @param key the key
   * @param offset first byte
   * @param length bytes to read, or -1 for the rest
   * @param sseCustomerKey the SSE-C key, or null
   * @return the stream
   */
  public InputStream openObject(
      String bucket, String key, long offset, long length, SseCustomerKey sseCustomerKey) {
    checkBucket(bucket);
    ObjectKeys.check(key);
    checkSsec(sseCustomerKey);
    if (offset < 0) {
      throw new InvalidRequestException("offset", "must not be negative");
    }
    if (length == 0 || length < -1) {
      throw new InvalidRequestException("length", "must be positive or -1 for the rest");
    }
    return call("GET " + uri(bucket, key), () -> {
      GetObjectArgs.Builder a = GetObjectArgs.builder().bucket(bucket).object(key);
      if (offset > 0 || length > 0) {
        a.offset(offset);
        if (length > 0) {
          a.length(length);
        }
      }
      if (sseCustomerKey != null) {
        a.ssec(customerKey(sseCustomerKey));
      }
      return minio.getObject(a.build()).get();
    });
  }

  /**
   * Metadata of an object (HEAD).
   *
   * @param bucket the bucket
   * @param key the key
   * @return the info, including user metadata and the recorded SHA-256
   * @throws de.denbi.spe.core.NotFoundException if there is no such object
   */
  public ObjectInfo stat(String bucket, String key) {
    return stat(bucket, key, null);
  }

  /**
   * Metadata of an SSE-C object (HEAD needs the key).
   *
   * @param bucket the bucket
   * @param key the key
   * @param sseCustomerKey the key, or null
   * @return the info
   */
  public ObjectInfo stat(String bucket, String key, SseCustomerKey sseCustomerKey) {
    checkBucket(bucket);
    ObjectKeys.check(key);
    checkSsec(sseCustomerKey);
    StatObjectResponse r = call("HEAD " + uri(bucket, key), () -> {
      StatObjectArgs.Builder a = StatObjectArgs.builder().bucket(bucket).object(key);
      if (sseCustomerKey != null) {
        a.ssec(customerKey(sseCustomerKey));
      }
      return minio.statObject(a.build()).get();
    });
    return infoOf(bucket, key, r);
  }

  private static ObjectInfo infoOf(String bucket, String key, HeadObjectResponse r) {
    Map<String, String> meta = new HashMap<>();
    for (Map.Entry<String, String> e : r.userMetadata()) {
      String n = e.getKey().toLowerCase(Locale.ROOT);
      if (n.startsWith("x-amz-meta-")) {
        n = n.substring("x-amz-meta-".length());
      }
      meta.putIfAbsent(n, e.getValue());
    }
    return new ObjectInfo(bucket, key, r.size(), r.etag(),
        r.lastModified() == null ? null : r.lastModified().toInstant(), r.contentType(), meta);
  }

  /**
   * Whether an object exists.
   *
   * @param bucket the bucket
   * @param key the key
   * @return true if it does
   */
  public boolean exists(String bucket, String key) {
    try {
      stat(bucket, key);
      return true;
    } catch (de.denbi.spe.core.NotFoundException e) {
      return false;
    } catch (SpeServiceException e) {
      if (e.statusCode() == 400 && "SSECustomerKeyRequired".equals(MinioErrors.codeOf(e))) {
        return true;
      }
      throw e;
    }
  }

  /**
   * Lists the objects under a prefix, lazily (one request per 1,000 objects, as iterated).
   *
   * @param bucket the bucket
   * @param prefix the key prefix, or empty for all
   * @return the objects in key order (no metadata)
   */
  public Paginator<ObjectInfo> list(String bucket, String prefix) {
    checkBucket(bucket);
    String p = prefix == null ? "" : prefix;
    return Paginator.of("objects in " + uri(bucket, p), token -> {
      ListBucketResultV2 r = call("LIST " + uri(bucket, p), () -> {
        ListObjectsV2Args.Builder a = ListObjectsV2Args.builder().bucket(bucket).maxKeys(1000);
        if (!p.isEmpty()) {
          a.prefix(p);
        }
        if (token != null) {
          a.continuationToken(token);
        }
        return minio.listObjectsV2(a.build()).get().result();
      });
      List<ObjectInfo> items = new ArrayList<>();
      if (r.contents() != null) {
        for (io.minio.messages.Contents c : r.contents()) {
          items.add(new ObjectInfo(bucket, c.objectName(), c.size(), c.etag(),
              c.lastModified() == null ? null : c.lastModified().toInstant(), null, null));
        }
      }
      return new Page<>(items, r.isTruncated() ? r.nextContinuationToken() : null);
    });
  }

  /**
   * Deletes an object (no error if it does not exist).
   *
   * @param bucket the bucket
   * @param key the key
   */
  public void deleteObject(String bucket, String key) {
    checkBucket(bucket);
    ObjectKeys.check(key);
    run("object.delete", uri(bucket, key), Map.of(), () ->
        minio.removeObject(RemoveObjectArgs.builder().bucket(bucket).object(key).build()).get());
  }

  /**
   * Deletes every object under a prefix (batches of 1,000).
   *
   * @param bucket the bucket
   * @param prefix the prefix; empty deletes everything in the bucket
   * @return how many objects were deleted
   */
  public long deletePrefix(String bucket, String prefix) {
    checkBucket(bucket);
    long n = 0;
    List<DeleteRequest.Object> batch = new ArrayList<>();
    for (ObjectInfo o : list(bucket, prefix)) {
      batch.add(new DeleteRequest.Object(o.key()));
      if (batch.size() == 1000) {
        n += deleteBatch(bucket, batch);
        batch = new ArrayList<>();
      }
    }
    if (!batch.isEmpty()) {
      n += deleteBatch(bucket, batch);
    }
    emit("object.deletePrefix", uri(bucket, prefix == null ? "" : prefix), AuditOutcome.SUCCESS,
        Map.of("count", Long.toString(n)));
    return n;
  }

  private long deleteBatch(String bucket, List<DeleteRequest.Object> batch) {
    Iterable<Result<DeleteResult.Error>> errs = minio.removeObjects(
        RemoveObjectsArgs.builder().bucket(bucket).objects(batch).build());
    int failed = 0;
    String first = null;
    for (Result<DeleteResult.Error> r : errs) {
      try {
        DeleteResult.Error e = r.get();
        failed++;
        if (first == null) {
          first = e.objectName() + ": " + e.code();
        }
      } catch (Exception e) {
        throw MinioErrors.map(e, "DELETE objects in s3://" + bucket);
      }
    }
    if (failed > 0) {
      throw new SpeException(failed + " of " + batch.size() + " objects in s3://" + bucket
          + " could not be deleted (first: " + first + ")");
    }
    return batch.size();
  }

  /**
   * Replaces an object's tags.
   *
   * @param bucket the bucket
   * @param key the key
   * @param tags at most 10 tags
   */
  public void setObjectTags(String bucket, String key, Map<String, String> tags) {
    checkBucket(bucket);
    ObjectKeys.check(key);
    if (tags.size() > 10) {
      throw new InvalidRequestException("tags", "S3 allows at most 10 tags per object");
    }
    run("object.tags.set", uri(bucket, key), Map.of("tags", String.join(",", tags.keySet())),
        () -> minio.setObjectTags(SetObjectTagsArgs.builder().bucket(bucket).object(key)
            .tags(tags).build()).get());
  }

  /**
   * An object's tags.
   *
   * @param bucket the bucket
   * @param key the key
   * @return the tags
   */
  public Map<String, String> objectTags(String bucket, String key) {
    checkBucket(bucket);
    ObjectKeys.check(key);
    return call("GET tagging " + uri(bucket, key), () -> Map.copyOf(minio.getObjectTags(
        GetObjectTagsArgs.builder().bucket(bucket).object(key).build()).get().get()));
  }

  // ------------------------------------------------------------------ presigned links

  /**
   * A presigned GET link.
   *
   * @param bucket the bucket
   * @param key the key
   * @param expiry how long it works (at most the client's cap)
   * @return the link
   * @throws InvalidRequestException (field {@code expiry}) beyond the cap
   */
  public PresignedUrl presignGet(String bucket, String key, Duration expiry) {
    return presign(Http.Method.GET, bucket, key, expiry);
  }

  /**
   * A presigned PUT link (the holder may upload one object to this key).
   *
   * @param bucket the bucket
   * @param key the key
   * @param expiry how long it works (at most the client's cap)
   * @return the link
   */
  public PresignedUrl presignPut(String bucket, String key, Duration expiry) {
    return presign(Http.Method.PUT, bucket, key, expiry);
  }

  private PresignedUrl presign(Http.Method method, String bucket, String key, Duration expiry) {
    checkBucket(bucket);
    ObjectKeys.check(key);
    if (expiry == null || expiry.isNegative() || expiry.toSeconds() < 1) {
      throw new InvalidRequestException("expiry", "must be at least one second");
    }
    if (expiry.compareTo(maxPresignExpiry) > 0) {
      throw new InvalidRequestException("expiry", "must be at most " + maxPresignExpiry
          + " (the cap this client was built with), was " + expiry);
    }
    S3Credentials c = credentials.credentials();
    if (c.expiration() != null && Instant.now().plus(expiry).isAfter(c.expiration())) {
      throw new InvalidRequestException("expiry", "the link would outlive the temporary"
          + " credentials that sign it (they expire at " + c.expiration() + ")");
    }
    String url = call("presign " + uri(bucket, key), () -> minio.getPresignedObjectUrl(
        GetPresignedObjectUrlArgs.builder().method(method).bucket(bucket).object(key)
            .expiry((int) expiry.toSeconds(), TimeUnit.SECONDS).build()));
    emit("object.presign." + method.name().toLowerCase(Locale.ROOT), uri(bucket, key),
        AuditOutcome.SUCCESS, Map.of("expirySeconds", Long.toString(expiry.toSeconds())));
    return new PresignedUrl(method.name(), URI.create(url), Instant.now().plus(expiry));
  }

  // ------------------------------------------------------------------ uploads

  /**
   * Uploads a file (multipart and parallel when larger than the part size; resumed if an
   * earlier upload of the same file to the same key was interrupted).
   *
   * @param file the file
   * @param bucket the bucket
   * @param key the key
   * @return the result
   */
  public TransferResult upload(Path file, String bucket, String key) {
    return upload(file, bucket, key, TransferOptions.defaults());
  }

  /**
   * Uploads a file with options.
   *
   * @param file the file
   * @param bucket the bucket
   * @param key the key
   * @param options part size, concurrency, progress, SSE-C, metadata
   * @return the result
   */
  public TransferResult upload(Path file, String bucket, String key, TransferOptions options) {
    checkTarget(bucket, key, options);
    Objects.requireNonNull(file, "file");
    if (!Files.isRegularFile(file)) {
      throw new InvalidRequestException("file", "not a regular file: " + file);
    }
    long size;
    try {
      size = Files.size(file);
    } catch (IOException e) {
      throw MinioErrors.local(e, "reading the size of " + file);
    }
    ProgressTracker progress = new ProgressTracker(options, size);
    Semaphore slots = new Semaphore(conc(options));
    TransferResult r = audited("object.upload", bucket, key,
        () -> uploadFile(file, size, bucket, key, options, progress, slots));
    progress.finish();
    return r;
  }

  /**
   * Uploads a stream of unknown length with bounded memory (at most the memory budget in part
   * buffers). An interrupted stream upload cannot be resumed (the stream cannot be re-read);
   * its parts are aborted. The part size must fit the memory budget (and 1 GiB): 10,000 parts
   * of the default 16 MiB carry up to 156 GiB; for a larger stream raise both.
   *
   * @param in the stream (read to its end, not closed)
   * @param bucket the bucket
   * @param key the key
   * @param options part size, concurrency, progress, SSE-C, metadata
   * @return the result
   * @throws InvalidRequestException (field {@code partSize}) when a part would not fit the
   *     memory budget or exceed 1 GiB
   */
  public TransferResult upload(InputStream in, String bucket, String key, TransferOptions options) {
    checkTarget(bucket, key, options);
    Objects.requireNonNull(in, "in");
    long ps = options.partSize() > 0 ? options.partSize() : partSize;
    if (ps > memoryBudget || ps > MAX_STREAM_PART) {
      throw new InvalidRequestException("partSize", "a stream of unknown length is buffered a"
          + " part at a time, so its part size (" + ps + " bytes) must fit the memory budget ("
          + memoryBudget + " bytes) and at most 1 GiB; lower the part size or raise"
          + " memoryBudget");
    }
    ProgressTracker progress = new ProgressTracker(options, -1);
    TransferResult r = audited("object.upload", bucket, key,
        () -> uploadStream(in, bucket, key, options, progress));
    progress.finish();
    return r;
  }

  /**
   * Uploads a directory tree below a key prefix.
   *
   * @param dir the directory
   * @param bucket the bucket
   * @param prefix the key prefix (a {@code /} is added when missing; empty for the bucket root)
   * @param options include/exclude, sync ({@code skipUnchanged}), progress, concurrency
   * @return one result per file
   */
  public TreeTransferResult uploadDirectory(
      Path dir, String bucket, String prefix, TransferOptions options) {
    checkBucket(bucket);
    checkSsec(options.sseCustomerKey());
    if (!Files.isDirectory(dir)) {
      throw new InvalidRequestException("dir", "not a directory: " + dir);
    }
    String p = dirPrefix(prefix);
    List<Glob> inc = globs("includes", options.includes());
    List<Glob> exc = globs("excludes", options.excludes());
    long t0 = System.nanoTime();
    List<Path> files;
    try (Stream<Path> s = Files.walk(dir)) {
      files = s.filter(f -> Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS))
          .filter(f -> Glob.accept(ObjectKeys.keyFor("", dir, f), inc, exc))
          .sorted().toList();
    } catch (IOException | UncheckedIOException e) {
      throw MinioErrors.local(e instanceof UncheckedIOException u ? u.getCause() : (IOException) e,
          "listing " + dir);
    }
    Map<String, ObjectInfo> remote = new HashMap<>();
    if (options.skipUnchanged()) {
      for (ObjectInfo o : list(bucket, p)) {
        remote.put(o.key(), o);
      }
    }
    long total = 0;
    for (Path f : files) {
      try {
        total += Files.size(f);
      } catch (IOException e) {
        throw MinioErrors.local(e, "reading the size of " + f);
      }
    }
    ProgressTracker progress = new ProgressTracker(options, total);
    Semaphore requestSlots = new Semaphore(conc(options));
    List<Callable<TransferResult>> tasks = new ArrayList<>();
    for (Path f : files) {
      String key = ObjectKeys.check(ObjectKeys.keyFor(p, dir, f));
      tasks.add(() -> {
        ObjectInfo r = remote.get(key);
        long size = Files.size(f);
        if (r != null && r.size() == size) {
          Optional<String> have = stat(bucket, key, options.sseCustomerKey()).sha256();
          if (have.isPresent() && have.get().equalsIgnoreCase(Hashing.sha256Hex(f))) {
            progress.add(size);
            return new TransferResult(bucket, key, f, size, have.get(), true, true, 0,
                Duration.ZERO);
          }
        }
        return audited("object.upload", bucket, key,
            () -> uploadFile(f, size, bucket, key, options, progress, requestSlots));
      });
    }
    List<TransferResult> results = runTree(tasks, conc(options));
    progress.finish();
    return new TreeTransferResult(results, Duration.ofNanos(System.nanoTime() - t0));
  }

  // ------------------------------------------------------------------ downloads

  /**
   * Downloads an object to a file: parallel ranged reads for large objects, written to a
   * temporary file next to the target, checked against the recorded SHA-256, then renamed.
   *
   * @param bucket the bucket
   * @param key the key
   * @param target the file to write (replaced if it exists)
   * @return the result
   */
  public TransferResult download(String bucket, String key, Path target) {
    return download(bucket, key, target, TransferOptions.defaults());
  }

  /**
   * Downloads an object to a file with options.
   *
   * @param bucket the bucket
   * @param key the key
   * @param target the file to write
   * @param options concurrency, progress, SSE-C key, {@code skipUnchanged}
   * @return the result
   * @throws ChecksumMismatchException if the data does not match (nothing is written)
   */
  public TransferResult download(String bucket, String key, Path target, TransferOptions options) {
    checkTarget(bucket, key, options);
    Objects.requireNonNull(target, "target");
    ProgressTracker progress = new ProgressTracker(options, -1);
    TransferResult r = audited("object.download", bucket, key, () -> downloadFile(bucket, key,
        target.toAbsolutePath().normalize(), null, options, progress,
        new Semaphore(conc(options)), true));
    progress.finish();
    return r;
  }

  /**
   * Downloads every object below a prefix into a directory, keys relative to the prefix. All
   * keys are checked before anything is written: a key that would land outside the directory
   * ({@code ../}, absolute, drive letter, NUL) fails the whole download.
   *
   * @param bucket the bucket
   * @param prefix the key prefix
   * @param dir the target directory (created if missing)
   * @param options include/exclude, sync ({@code skipUnchanged}), progress, concurrency
   * @return one result per object
   * @throws InvalidRequestException (field {@code key}) for an unsafe key
   */
  public TreeTransferResult downloadDirectory(
      String bucket, String prefix, Path dir, TransferOptions options) {
    checkBucket(bucket);
    checkSsec(options.sseCustomerKey());
    String p = dirPrefix(prefix);
    List<Glob> inc = globs("includes", options.includes());
    List<Glob> exc = globs("excludes", options.excludes());
    long t0 = System.nanoTime();
    Path root = dir.toAbsolutePath().normalize();
    record Item(ObjectInfo info, Path target) {}
    List<Item> items = new ArrayList<>();
    long total = 0;
    for (ObjectInfo o : list(bucket, p)) {
      String rel = o.key().substring(p.length());
      if (rel.isEmpty() || (rel.endsWith("/") && o.size() == 0)) {
        continue; // directory markers
      }
      Path t = ObjectKeys.resolveUnder(root, rel);
      if (!Glob.accept(rel, inc, exc)) {
        continue;
      }
      items.add(new Item(o, t));
      total += o.size();
    }
    try {
      Files.createDirectories(root);
    } catch (IOException e) {
      throw MinioErrors.local(e, "creating " + root);
    }
    ProgressTracker progress = new ProgressTracker(options, total);
    Semaphore requestSlots = new Semaphore(conc(options));
    List<Callable<TransferResult>> tasks = new ArrayList<>();
    for (Item it : items) {
      tasks.add(() -> audited("object.download", bucket, it.info().key(), () -> downloadFile(
          bucket, it.info().key(), it.target(), root, options, progress, requestSlots, false)));
    }
    List<TransferResult> results = runTree(tasks, conc(options));
    progress.finish();
    return new TreeTransferResult(results, Duration.ofNanos(System.nanoTime() - t0));
  }

  // ------------------------------------------------------------------ upload engine

  private TransferResult uploadFile(Path file, long size, String bucket, String key,
      TransferOptions o, ProgressTracker progress, Semaphore slots) throws Exception {
    long ps = o.partSize() > 0 ? o.partSize() : partSize;
    long t0 = System.nanoTime();
    // one PUT from memory only for what fits the memory budget; a larger file (a part size of
    // several GiB) goes up as a multipart upload streamed from the file, in one part if need be
    if (size <= Math.min(ps, memoryBudget)) {
      int units = units(size);
      memory.acquire(units);
      try {
        // a pooled array: a thousand small files do not make a thousand humongous objects
        byte[] data = buffers.take((int) size);
        int len = readWhole(file, data, (int) size);
        String sha = Hashing.sha256Hex(data, len);
        slots.acquire();
        try {
          putSingle(bucket, key, data, len, sha, o, null);
        } finally {
          slots.release();
        }
        // reused only after a PUT that ended normally: after an interrupt or a failure its
        // body might still be in flight
        buffers.give(data);
        progress.add(size);
        return new TransferResult(bucket, key, file, size, sha, false, false, 0,
            Duration.ofNanos(System.nanoTime() - t0));
      } finally {
        memory.release(units);
      }
    }
    ps = Math.max(ps, ceilDiv(size, MAX_PARTS));
    long mtime = Files.getLastModifiedTime(file).toMillis();
    UploadJournal journal = null;
    Map<Integer, String> done = Map.of();
    String sha = null;
    String uploadId = null;
    Path jpath = resumeDirectory == null ? null
        : UploadJournal.pathFor(resumeDirectory, bucket, key, file);
    if (jpath != null) {
      UploadJournal old = UploadJournal.load(jpath);
      if (old != null) {
        UploadJournal.State s = old.state();
        if (s.size() == size && s.modifiedMillis() == mtime && s.partSize() == ps
            && bucket.equals(s.bucket()) && key.equals(s.key())) {
          Map<Integer, String> server = listPartsOrNull(bucket, key, s.uploadId());
          if (server != null) {
            Map<Integer, String> ok = new HashMap<>();
            old.parts().forEach((n, etag) -> {
              String e = server.get(n);
              if (e != null && stripQuotes(e).equals(stripQuotes(etag))) {
                ok.put(n, etag);
              }
            });
            old.retainParts(ok.keySet());
            journal = old;
            done = ok;
            sha = s.sha256();
            uploadId = s.uploadId();
          } else {
            old.delete();
            abortQuietly(bucket, key, s.uploadId()); // gone already, or its parts unreadable
          }
        } else {
          old.delete(); // the file changed: its old parts are worthless
          abortQuietly(bucket, key, s.uploadId());
        }
      }
    }
    FileHashes hashes = null;
    if (uploadId == null) {
      // one read gives the object's SHA-256 (its metadata, needed before the upload starts)
      // and, on a second core, every part's checksum, so the parts stream from the file once
      hashes = FileHashes.compute(file, size, ps, !https, executor);
      sha = hashes.sha256();
      uploadId = createUpload(bucket, key, sha, o);
      if (jpath != null) {
        journal = UploadJournal.create(jpath, new UploadJournal.State(bucket, key,
            file.toAbsolutePath().normalize().toString(), size, mtime, sha, ps, uploadId,
            Map.of()));
      }
    }
    int parts = (int) ceilDiv(size, ps);
    Map<Integer, String> etags = Collections.synchronizedMap(new HashMap<>(done));
    int resumed = done.size();
    for (int n : done.keySet()) {
      progress.add(partLength(n, ps, size));
    }
    final String id = uploadId;
    final UploadJournal j = journal;
    final long fps = ps;
    final FileHashes known = hashes;
    List<Callable<Void>> tasks = new ArrayList<>();
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      for (int n = 1; n <= parts; n++) {
        if (etags.containsKey(n)) {
          continue;
        }
        final int part = n;
        tasks.add(() -> {
          // the part is sent straight from the file (no part-sized heap buffer) with the
          // checksum taken before the upload (or, when resuming, in a read of its range)
          long pos = (part - 1) * fps;
          long len = partLength(part, fps, size);
          slots.acquire();
          try {
            String etag = uploadFilePart(bucket, key, id, part, file, ch, pos, len, o, known);
            etags.put(part, etag);
            if (j != null) {
              j.recordPart(part, etag);
            }
            progress.add(len);
            return null;
          } finally {
            slots.release();
          }
        });
      }
      runAll(tasks, Integer.MAX_VALUE);
    } catch (Exception e) {
      if (j == null) {
        abortQuietly(bucket, key, id); // nothing to resume from: do not leave parts behind
      }
      throw e;
    }
    if (Files.size(file) != size || Files.getLastModifiedTime(file).toMillis() != mtime) {
      abortQuietly(bucket, key, id);
      if (j != null) {
        j.delete();
      }
      throw new LocalIOException(file + " changed while it was uploaded; upload it again",
          new IOException("size or modification time changed"));
    }
    completeUpload(bucket, key, id, etags, o);
    if (j != null) {
      j.delete();
    }
    return new TransferResult(bucket, key, file, size, sha, false, false, resumed,
        Duration.ofNanos(System.nanoTime() - t0));
  }

  private TransferResult uploadStream(InputStream in, String bucket, String key,
      TransferOptions o, ProgressTracker progress) throws Exception {
    long ps = o.partSize() > 0 ? o.partSize() : partSize;
    long t0 = System.nanoTime();
    MessageDigest digest = Hashing.sha256();
    int units = units(ps);
    memory.acquire(units);
    byte[] first;
    boolean firstHeld = true;
    try {
      first = in.readNBytes((int) ps);
      digest.update(first);
      if (first.length < ps) {
        String sha = Hashing.hex(digest.digest());
        putSingle(bucket, key, first, first.length, sha, o, null);
        progress.add(first.length);
        return new TransferResult(bucket, key, null, first.length, sha, false, false, 0,
            Duration.ofNanos(System.nanoTime() - t0));
      }
    } catch (IOException e) {
      memory.release(units);
      throw MinioErrors.local(e, "reading the upload stream");
    } catch (Exception e) {
      memory.release(units);
      throw e;
    }
    String id = createUpload(bucket, key, null, o);
    Semaphore slots = new Semaphore(conc(o));
    Map<Integer, String> etags = Collections.synchronizedMap(new HashMap<>());
    List<Future<?>> running = new ArrayList<>();
    long total = 0;
    try {
      byte[] buf = first;
      int part = 1;
      while (true) {
        final byte[] data = buf;
        final int num = part;
        final int len = data.length;
        final boolean release = firstHeld || true;
        running.add(executor.submit(() -> {
          try {
            etags.put(num, uploadPart(bucket, key, id, num, data, len, o, slots));
            progress.add(len);
            return null;
          } finally {
            if (release) {
              memory.release(units);
            }
          }
        }));
        firstHeld = false;
        total += len;
        if (part >= MAX_PARTS) {
          throw new InvalidRequestException("partSize", "the stream needs more than " + MAX_PARTS
              + " parts of " + ps + " bytes; use a larger part size");
        }
        failFast(running);
        memory.acquire(units);
        byte[] next;
        try {
          next = in.readNBytes((int) ps);
        } catch (IOException e) {
          memory.release(units);
          throw MinioErrors.local(e, "reading the upload stream");
        }
        if (next.length == 0) {
          memory.release(units);
          break;
        }
        digest.update(next);
        buf = next;
        part++;
        if (next.length < ps) {
          final byte[] last = next;
          final int lnum = part;
          running.add(executor.submit(() -> {
            try {
              etags.put(lnum, uploadPart(bucket, key, id, lnum, last, last.length, o, slots));
              progress.add(last.length);
              return null;
            } finally {
              memory.release(units);
            }
          }));
          total += last.length;
          break;
        }
      }
      for (Future<?> f : running) {
        f.get();
      }
    } catch (Exception e) {
      for (Future<?> f : running) {
        f.cancel(true);
      }
      abortQuietly(bucket, key, id);
      throw e instanceof ExecutionException ? MinioErrors.map(e, "upload " + uri(bucket, key)) : e;
    }
    completeUpload(bucket, key, id, etags, o);
    String sha = Hashing.hex(digest.digest());
    if (total <= MAX_COPY_SIZE) {
      recordSha(bucket, key, sha, o);
    }
    return new TransferResult(bucket, key, null, total, total <= MAX_COPY_SIZE ? sha : null,
        false, false, 0, Duration.ofNanos(System.nanoTime() - t0));
  }

  private static void failFast(List<Future<?>> running) throws Exception {
    for (Future<?> f : running) {
      if (f.isDone()) {
        f.get(); // throws the first failure early instead of reading the whole stream
      }
    }
  }

  /** Records the SHA-256 of a stream upload after the fact: a server-side copy onto itself. */
  private void recordSha(String bucket, String key, String sha, TransferOptions o) {
    Map<String, String> meta = new LinkedHashMap<>(o.metadata());
    meta.put(ObjectInfo.SHA256_METADATA, sha);
    retrying("COPY " + uri(bucket, key), () -> {
      SourceObject.Builder src = SourceObject.builder().bucket(bucket).object(key);
      CopyObjectArgs.Builder a = CopyObjectArgs.builder().bucket(bucket).object(key)
          .metadataDirective(Directive.REPLACE).userMetadata(meta);
      if (o.contentType() != null) {
        a.headers(Map.of("Content-Type", o.contentType()));
      }
      if (o.sseCustomerKey() != null) {
        ServerSideEncryption.CustomerKey k = customerKey(o.sseCustomerKey());
        src.ssec(k);
        a.sse(k);
      }
      a.source(src.build());
      return minio.copyObject(a.build()).get();
    });
  }

  private void putSingle(String bucket, String key, byte[] data, int len, String sha,
      TransferOptions o, Semaphore slots) {
    // one PUT with the checksum headers set here: over HTTP the object's SHA-256 (computed
    // once, by us) signs the payload, so minio-java does not hash the bytes again
    Http.Headers h = payloadChecksumHeaders(sha, data, len);
    for (Map.Entry<String, String> e : o.metadata().entrySet()) {
      h.put("x-amz-meta-" + e.getKey(), e.getValue());
    }
    h.put(SHA_HEADER, sha);
    if (o.sseCustomerKey() != null) {
      h.putAll(customerKey(o.sseCustomerKey()).headers());
    }
    retrying("PUT " + uri(bucket, key), () -> {
      PutObjectAPIArgs.Builder a = PutObjectAPIArgs.builder().bucket(bucket).object(key)
          .data(data, len).headers(h);
      if (o.contentType() != null) {
        a.contentType(o.contentType());
      }
      return minio.putObject(a.build()).get();
    });
  }

  /** Checksum headers for a payload whose SHA-256 is known (HTTP) or not needed (HTTPS). */
  private Http.Headers payloadChecksumHeaders(String sha, byte[] data, int len) {
    Http.Headers h = new Http.Headers();
    if (!https) {
      h.put(Http.Headers.X_AMZ_CONTENT_SHA256, sha);
    } else {
      CRC32C crc = new CRC32C();
      crc.update(data, 0, len);
      unsignedWithCrc(h, crc.getValue());
    }
    return h;
  }

  private static void unsignedWithCrc(Http.Headers h, long crc32c) {
    int v = (int) crc32c;
    byte[] be = {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
    h.put(Http.Headers.X_AMZ_CONTENT_SHA256, "UNSIGNED-PAYLOAD");
    h.put("x-amz-checksum-crc32c", Base64.getEncoder().encodeToString(be));
    h.put(Http.Headers.X_AMZ_SDK_CHECKSUM_ALGORITHM, "CRC32C");
  }

  private String createUpload(String bucket, String key, String sha, TransferOptions o) {
    Http.Headers h = new Http.Headers();
    for (Map.Entry<String, String> e : o.metadata().entrySet()) {
      h.put("x-amz-meta-" + e.getKey(), e.getValue());
    }
    if (sha != null) {
      h.put(SHA_HEADER, sha);
    }
    if (o.contentType() != null) {
      h.put("Content-Type", o.contentType());
    }
    if (o.sseCustomerKey() != null) {
      h.putAll(customerKey(o.sseCustomerKey()).headers());
    }
    return retrying("POST uploads " + uri(bucket, key), () -> minio.createMultipartUpload(
        CreateMultipartUploadArgs.builder().bucket(bucket).object(key).headers(h).build())
        .get().result().uploadId());
  }

  private String uploadPart(String bucket, String key, String uploadId, int part, byte[] data,
      int len, TransferOptions o, Semaphore slots) throws InterruptedException {
    slots.acquire();
    try {
      return retrying("PUT part " + part + " of " + uri(bucket, key), () -> {
        UploadPartArgs.Builder a = UploadPartArgs.builder().bucket(bucket).object(key)
            .uploadId(uploadId).partNumber(part).data(data, len);
        if (o.sseCustomerKey() != null) {
          a.headers(customerKey(o.sseCustomerKey()).headers());
        }
        return minio.uploadPart(a.build()).get().part().etag();
      });
    } finally {
      slots.release();
    }
  }

  /**
   * Uploads one part of a file, read from {@code ch} for its checksum and streamed from a
   * {@link RandomAccessFile} for the body. Over HTTP the part's SHA-256 signs the payload (the
   * store verifies it); over HTTPS the payload is unsigned and a CRC32C checksum protects it, as
   * minio-java does. The checksum headers are set here so that minio-java does not read the
   * file itself.
   */
  private String uploadFilePart(String bucket, String key, String uploadId, int part, Path file,
      FileChannel ch, long pos, long len, TransferOptions o, FileHashes known) {
    Http.Headers h = new Http.Headers();
    if (known != null) {
      if (known.partSha256() != null) {
        h.put(Http.Headers.X_AMZ_CONTENT_SHA256, known.partSha256()[part - 1]);
      } else {
        unsignedWithCrc(h, known.partCrc32c()[part - 1]);
      }
    } else {
      try {
        h.putAll(partChecksumHeaders(file, ch, pos, len));
      } catch (IOException e) {
        throw new LocalIOException("could not read " + file, e);
      }
    }
    if (o.sseCustomerKey() != null) {
      h.putAll(customerKey(o.sseCustomerKey()).headers());
    }
    return retrying("PUT part " + part + " of " + uri(bucket, key), () -> {
      try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
        raf.seek(pos);
        return minio.uploadPart(UploadPartArgs.builder().bucket(bucket).object(key)
            .uploadId(uploadId).partNumber(part).file(raf, len).headers(h).build())
            .get().part().etag();
      }
    });
  }

  private Http.Headers partChecksumHeaders(Path file, FileChannel ch, long pos, long len)
      throws IOException {
    MessageDigest sha = https ? null : Hashing.sha256();
    CRC32C crc = https ? new CRC32C() : null;
    byte[] buf = new byte[(int) Math.min(len, 256 * 1024)];
    ByteBuffer bb = ByteBuffer.wrap(buf);
    long done = 0;
    while (done < len) {
      bb.clear().limit((int) Math.min(buf.length, len - done));
      int n = ch.read(bb, pos + done);
      if (n < 0) {
        throw new LocalIOException(file + " became shorter while it was uploaded",
            new IOException("unexpected end of file"));
      }
      if (sha != null) {
        Hashing.update(sha, buf, 0, n);
      } else {
        crc.update(buf, 0, n);
      }
      done += n;
    }
    Http.Headers h = new Http.Headers();
    if (sha != null) {
      h.put(Http.Headers.X_AMZ_CONTENT_SHA256, Hashing.hex(sha.digest()));
    } else {
      unsignedWithCrc(h, crc.getValue());
    }
    return h;
  }

  private void completeUpload(String bucket, String key, String uploadId,
      Map<Integer, String> etags, TransferOptions o) {
    List<Integer> nums = new ArrayList<>(etags.keySet());
    Collections.sort(nums);
    Part[] parts = new Part[nums.size()];
    for (int i = 0; i < parts.length; i++) {
      parts[i] = new Part(nums.get(i), etags.get(nums.get(i)));
    }
    retrying("POST complete " + uri(bucket, key), () -> {
      CompleteMultipartUploadArgs.Builder a = CompleteMultipartUploadArgs.builder()
          .bucket(bucket).object(key).uploadId(uploadId).parts(parts);
      if (o.sseCustomerKey() != null) {
        a.ssec(customerKey(o.sseCustomerKey()));
      }
      return minio.completeMultipartUpload(a.build()).get();
    });
  }

  /**
   * The parts the store has of an upload, or null when the upload cannot be resumed: it is gone
   * (404, expired or aborted), or the store's part listing could not be read even when asked
   * again (then starting afresh is safer than trusting it). Connection failures propagate: the
   * journal is kept for the next attempt.
   */
  private Map<Integer, String> listPartsOrNull(String bucket, String key, String uploadId) {
    for (int attempt = 1; ; attempt++) {
      try {
        return listParts(bucket, key, uploadId);
      } catch (SpeServiceException e) {
        if (e.statusCode() == 404) {
          return null; // NoSuchUpload: expired or aborted
        }
        throw e;
      } catch (SpeException e) {
        if (!unreadableReply(e)) { // connection failures among them
          throw e;
        }
        if (attempt >= attempts) {
          System.getLogger(StorageClient.class.getName()).log(System.Logger.Level.WARNING,
              "the part listing of " + uri(bucket, key) + " could not be read; uploading it"
                  + " afresh instead of resuming: " + e.getMessage());
          return null;
        }
        backoff(attempt);
      }
    }
  }

  private static boolean unreadableReply(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof XmlParserException) {
        return true;
      }
    }
    return false;
  }

  private Map<Integer, String> listParts(String bucket, String key, String uploadId) {
    Map<Integer, String> out = new HashMap<>();
    Integer marker = null;
    while (true) {
      final Integer m = marker;
      ListPartsResult r = call("GET parts " + uri(bucket, key), () -> {
        ListPartsArgs.Builder a = ListPartsArgs.builder().bucket(bucket).object(key)
            .uploadId(uploadId).maxParts(1000);
        if (m != null) {
          a.partNumberMarker(m);
        }
        return minio.listParts(a.build()).get().result();
      });
      if (r.parts() != null) {
        for (Part p : r.parts()) {
          out.put(p.partNumber(), p.etag());
        }
      }
      if (!r.isTruncated() || r.nextPartNumberMarker() == null
          || Objects.equals(r.nextPartNumberMarker(), marker)) {
        return out;
      }
      marker = r.nextPartNumberMarker();
    }
  }

  private void abortQuietly(String bucket, String key, String uploadId) {
    try {
      minio.abortMultipartUpload(AbortMultipartUploadArgs.builder().bucket(bucket).object(key)
          .uploadId(uploadId).build()).get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      System.getLogger(StorageClient.class.getName()).log(System.Logger.Level.WARNING,
          "could not abort multipart upload of " + uri(bucket, key) + ": " + e);
    }
  }

  // ------------------------------------------------------------------ download engine

  private TransferResult downloadFile(String bucket, String key, Path target, Path root,
      TransferOptions o, ProgressTracker progress, Semaphore slots, boolean addTotal)
      throws Exception {
    long t0 = System.nanoTime();
    Path parent = target.getParent();
    Files.createDirectories(parent);
    if (root != null && !parent.toRealPath().startsWith(root.toRealPath())) {
      throw new InvalidRequestException("key", "refusing to write " + key + ": a directory on"
          + " the way is a link that leads outside " + root);
    }
    long ps = o.partSize() > 0 ? o.partSize() : partSize;
    ObjectInfo info = null;
    GetObjectResponse first = null;
    if (o.skipUnchanged() && Files.isRegularFile(target)) {
      info = stat(bucket, key, o.sseCustomerKey()); // compare before transferring anything
      Optional<String> want = info.sha256().filter(Hashing::isSha256Hex);
      if (Files.size(target) == info.size() && want.isPresent()
          && want.get().equalsIgnoreCase(Hashing.sha256Hex(target))) {
        if (addTotal) {
          progress.setTotal(info.size());
        }
        progress.add(info.size());
        return new TransferResult(bucket, key, target, info.size(), want.get(), true, true, 0,
            Duration.ZERO);
      }
    } else {
      // no HEAD: the GET's own headers tell size, ETag and the recorded SHA-256
      slots.acquire();
      try {
        first = openChecked(bucket, key, null, 0, -1, o);
      } catch (RuntimeException e) {
        slots.release();
        throw e;
      }
      try {
        HeadObjectResponse h = new HeadObjectResponse(first.headers(), bucket, region, key);
        if (h.size() < 0) {
          throw new IllegalArgumentException("no Content-Length");
        }
        info = infoOf(bucket, key, h);
      } catch (RuntimeException e) {
        // an unusual reply (chunked without a length, odd dates): ask with a HEAD instead,
        // whose errors are mapped like every other call's
        first.close();
        first = null;
        slots.release();
        info = stat(bucket, key, o.sseCustomerKey());
      }
    }
    if (addTotal) {
      progress.setTotal(info.size());
    }
    Optional<String> want = info.sha256().filter(Hashing::isSha256Hex);
    Path tmp = null;
    boolean moved = false;
    try {
      tmp = Files.createTempFile(parent, "." + target.getFileName() + ".", ".spe-partial");
      String got;
      if (info.size() > 2 * ps && conc(o) > 1) {
        if (first != null) {
          first.close(); // the ranges below read the same ETag
          first = null;
          slots.release();
        }
        got = rangedDownload(bucket, key, info, tmp, ps, o, progress, slots);
      } else {
        if (first == null) {
          slots.acquire();
        }
        try {
          got = streamDownload(bucket, key, info, first, tmp, o, progress);
        } finally {
          first = null;
          slots.release();
        }
      }
      if (Files.size(tmp) != info.size()) {
        throw new SpeConnectionException("the download of " + uri(bucket, key) + " ended after "
            + Files.size(tmp) + " of " + info.size() + " bytes; try again",
            new IOException("short read"), true);
      }
      if (want.isPresent() && !want.get().equalsIgnoreCase(got)) {
        throw new ChecksumMismatchException(uri(bucket, key), want.get(), got);
      }
      try {
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE,
            StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
      moved = true;
      return new TransferResult(bucket, key, target, info.size(), want.orElse(got),
          want.isPresent(), false, 0, Duration.ofNanos(System.nanoTime() - t0));
    } finally {
      if (first != null) {
        first.close();
        slots.release();
      }
      if (!moved && tmp != null) {
        Files.deleteIfExists(tmp);
      }
    }
  }

  private String streamDownload(String bucket, String key, ObjectInfo info,
      GetObjectResponse opened, Path tmp, TransferOptions o, ProgressTracker progress)
      throws IOException {
    MessageDigest d = Hashing.sha256();
    byte[] buf = buffers.take(COPY_BUFFER);
    try (InputStream in = opened != null ? opened : openChecked(bucket, key, info, 0, -1, o);
        FileChannel out = FileChannel.open(tmp, StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING)) {
      int n;
      // the buffer is filled before each write: the socket hands over 8 KiB at a time, and a
      // write (a system call, and a copy into a direct buffer) per 8 KiB cost a sixth of the
      // CPU of a small-file download
      while ((n = in.readNBytes(buf, 0, buf.length)) > 0) {
        Hashing.update(d, buf, 0, n);
        ByteBuffer bb = ByteBuffer.wrap(buf, 0, n);
        while (bb.hasRemaining()) {
          out.write(bb);
        }
        progress.add(n);
      }
    } catch (IOException e) {
      throw MinioErrors.map(e, "GET " + uri(bucket, key));
    }
    buffers.give(buf); // not after a failure: the stream may still be filling it
    return Hashing.hex(d.digest());
  }

  /**
   * Downloads the ranges of an object in parallel into {@code tmp} and returns its SHA-256. The
   * hash is taken while the download runs: a follower reads each range back (from the page
   * cache) as soon as it and all ranges before it are complete, so only the last range is left
   * to hash when the transfer ends.
   */
  private String rangedDownload(String bucket, String key, ObjectInfo info, Path tmp, long ps,
      TransferOptions o, ProgressTracker progress, Semaphore slots) throws Exception {
    long size = info.size();
    int ranges = (int) ceilDiv(size, ps);
    RangeHasher hasher = new RangeHasher(tmp, ranges, ps, size);
    Future<String> hashed = executor.submit(hasher);
    try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
      List<Callable<Void>> tasks = new ArrayList<>();
      for (int i = 0; i < ranges; i++) {
        final int index = i;
        final long start = i * ps;
        final long len = Math.min(ps, size - start);
        tasks.add(() -> {
          slots.acquire();
          try {
            long written = 0;
            int attempt = 0;
            byte[] buf = buffers.take(COPY_BUFFER);
            while (written < len) {
              try (InputStream in = openChecked(bucket, key, info, start + written,
                  len - written, o)) {
                int n;
                while (written < len && (n = in.readNBytes(buf, 0, (int) Math.min(buf.length,
                    len - written))) > 0) {
                  ByteBuffer bb = ByteBuffer.wrap(buf, 0, n);
                  long pos = start + written;
                  while (bb.hasRemaining()) {
                    pos += out.write(bb, pos);
                  }
                  written += n;
                  progress.add(n);
                }
                if (written < len) {
                  throw new IOException("range ended early");
                }
              } catch (IOException | SpeException e) {
                SpeException se = e instanceof IOException io
                    ? MinioErrors.map(io, "GET " + uri(bucket, key)) : (SpeException) e;
                if (expired(se)) {
                  credentials.invalidate(credentials.credentials());
                } else if (!se.retryable()) {
                  throw se;
                }
                if (++attempt >= attempts) {
                  throw se;
                }
                backoff(attempt);
              }
            }
            buffers.give(buf);
            hasher.completed(index);
            return null;
          } finally {
            slots.release();
          }
        });
      }
      runAll(tasks, Integer.MAX_VALUE);
      return hashed.get();
    } catch (ExecutionException e) {
      throw unwrapTask(e.getCause());
    } finally {
      hashed.cancel(true);
    }
  }

  /** Hashes a file's ranges in order as they become complete (see rangedDownload). */
  private static final class RangeHasher implements Callable<String> {
    private final Path file;
    private final List<CompletableFuture<Void>> complete;
    private final long rangeSize;
    private final long size;

    RangeHasher(Path file, int ranges, long rangeSize, long size) {
      this.file = file;
      this.complete = Stream.generate(CompletableFuture<Void>::new).limit(ranges).toList();
      this.rangeSize = rangeSize;
      this.size = size;
    }

    void completed(int index) {
      complete.get(index).complete(null);
    }

    @Override
    public String call() throws Exception {
      MessageDigest d = Hashing.sha256();
      byte[] buf = new byte[1 << 20];
      ByteBuffer bb = ByteBuffer.wrap(buf);
      try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
        for (int i = 0; i < complete.size(); i++) {
          complete.get(i).get(); // interruptible: a failed download cancels this task
          long pos = i * rangeSize;
          long end = Math.min(size, pos + rangeSize);
          while (pos < end) {
            bb.clear().limit((int) Math.min(buf.length, end - pos));
            int n = in.read(bb, pos);
            if (n < 0) {
              throw new IOException("the partial download became shorter");
            }
            Hashing.update(d, buf, 0, n);
            pos += n;
          }
        }
      }
      return Hashing.hex(d.digest());
    }
  }

  private GetObjectResponse openChecked(String bucket, String key, ObjectInfo info,
      long offset, long length, TransferOptions o) {
    return call("GET " + uri(bucket, key), () -> {
      GetObjectArgs.Builder a = GetObjectArgs.builder().bucket(bucket).object(key);
      if (offset > 0 || length > 0) {
        a.offset(offset);
        if (length > 0) {
          a.length(length);
        }
      }
      if (info != null && !info.etag().isEmpty()) {
        a.matchETag(info.etag()); // all ranges from the same version of the object
      }
      if (o.sseCustomerKey() != null) {
        a.ssec(customerKey(o.sseCustomerKey()));
      }
      GetObjectResponse r = minio.getObject(a.build()).get();
      return r;
    });
  }

  // ------------------------------------------------------------------ plumbing

  private <T> List<T> runAll(List<Callable<T>> tasks, int parallel) throws Exception {
    Semaphore gate = new Semaphore(Math.max(1, Math.min(parallel, 1 << 20)));
    List<Future<T>> futures = new ArrayList<>(tasks.size());
    try {
      for (Callable<T> t : tasks) {
        gate.acquire();
        futures.add(executor.submit(() -> {
          try {
            return t.call();
          } finally {
            gate.release();
          }
        }));
        for (Future<T> f : futures) {
          if (f.isDone() && f.state() == Future.State.FAILED) {
            throw unwrapTask(f.exceptionNow());
          }
        }
      }
      List<T> out = new ArrayList<>(futures.size());
      for (Future<T> f : futures) {
        try {
          out.add(f.get());
        } catch (ExecutionException e) {
          throw unwrapTask(e.getCause());
        }
      }
      return out;
    } catch (Exception e) {
      for (Future<T> f : futures) {
        f.cancel(true);
      }
      throw e;
    }
  }

  private List<TransferResult> runTree(List<Callable<TransferResult>> tasks, int parallel) {
    try {
      return runAll(tasks, parallel);
    } catch (Exception e) {
      throw MinioErrors.map(e, "tree transfer");
    }
  }

  private static Exception unwrapTask(Throwable t) {
    Throwable c = MinioErrors.unwrap(t);
    if (c instanceof Exception e) {
      return e;
    }
    if (c instanceof Error err) {
      throw err;
    }
    return new SpeException("transfer failed", c);
  }

  private <T> T retrying(String what, Callable<T> op) {
    for (int attempt = 1; ; attempt++) {
      try {
        return op.call();
      } catch (Exception e) {
        SpeException se = MinioErrors.map(e, what);
        boolean expired = expired(se);
        if (expired) {
          credentials.invalidate(credentials.credentials());
        }
        if (attempt >= attempts || !(se.retryable() || expired)) {
          throw se;
        }
        backoff(attempt);
      }
    }
  }

  /** Whether an error says the (STS) credentials expired: refresh them and try again. */
  private boolean expired(SpeException se) {
    String code = MinioErrors.codeOf(se);
    return "ExpiredToken".equals(code) || "TokenRefreshRequired".equals(code)
        || "InvalidAccessKeyId".equals(code) && credentials instanceof StsCredentialsProvider;
  }

  /** The same jittered, capped backoff spe-core's HTTP layer uses (200 ms doubling, 5 s cap). */
  private static final RetryPolicy PART_BACKOFF =
      RetryPolicy.defaults().withDelays(Duration.ofMillis(200), Duration.ofSeconds(5));

  private static void backoff(int attempt) {
    try {
      Thread.sleep(PART_BACKOFF.delayBeforeRetry(attempt).toMillis());
    } catch (InterruptedException ie) {
      Thread.currentThread().interrupt();
      throw new SpeException("interrupted while waiting to retry", ie);
    }
  }

  @FunctionalInterface
  private interface IoCall<T> {
    T call() throws Exception;
  }

  @FunctionalInterface
  private interface IoRun {
    void run() throws Exception;
  }

  private <T> T call(String what, IoCall<T> c) {
    try {
      return c.call();
    } catch (Exception e) {
      throw MinioErrors.map(e, what);
    }
  }

  private void run(String action, String resource, Map<String, String> details, IoRun r) {
    try {
      r.run();
      emit(action, resource, AuditOutcome.SUCCESS, details);
    } catch (Exception e) {
      SpeException se = MinioErrors.map(e, action + " " + resource);
      emit(action, resource, outcome(se), details);
      throw se;
    }
  }

  private <T> T audited(String action, String bucket, String key, IoCall<T> c) {
    String res = uri(bucket, key);
    try {
      T r = c.call();
      Map<String, String> d = new LinkedHashMap<>();
      if (r instanceof TransferResult tr) {
        d.put("bytes", Long.toString(tr.bytes()));
        if (tr.sha256() != null) {
          d.put("sha256", tr.sha256());
        }
        if (tr.skipped()) {
          d.put("skipped", "true");
        }
      }
      emit(action, res, AuditOutcome.SUCCESS, d);
      return r;
    } catch (Exception e) {
      SpeException se = e instanceof IOException io && !(e instanceof java.net.SocketException)
          && !(e.getClass().getName().startsWith("java.net"))
          ? MinioErrors.local(io, action + " " + res) : MinioErrors.map(e, action + " " + res);
      emit(action, res, outcome(se), Map.of());
      throw se;
    }
  }

  private static AuditOutcome outcome(SpeException e) {
    return e instanceof SpeServiceException s && (s.statusCode() == 401 || s.statusCode() == 403)
        ? AuditOutcome.DENIED : AuditOutcome.FAILURE;
  }

  private void emit(String action, String resource, AuditOutcome outcome, Map<String, String> d) {
    AuditSink.safeRecord(audit, AuditEvent.now(actor, "S3", action, resource, outcome, d));
  }

  private ServerSideEncryption.CustomerKey customerKey(SseCustomerKey k) {
    try {
      return new ServerSideEncryption.CustomerKey(k.secretKey());
    } catch (Exception e) {
      throw new InvalidRequestException("sseCustomerKey", "not usable as an SSE-C key");
    }
  }

  private void checkTarget(String bucket, String key, TransferOptions o) {
    checkBucket(bucket);
    ObjectKeys.check(key);
    Objects.requireNonNull(o, "options");
    checkSsec(o.sseCustomerKey());
  }

  private void checkSsec(SseCustomerKey k) {
    if (k != null && !https) {
      throw new InvalidRequestException("sseCustomerKey", "SSE-C sends the key in request"
          + " headers, so it needs HTTPS; this client's endpoint is " + endpoint
          + ". Use the store's https:// endpoint.");
    }
  }

  /**
   * Checks a bucket name against the S3 rules.
   *
   * @param bucket the name
   * @return the name
   * @throws InvalidRequestException (field {@code bucket})
   */
  static String checkBucket(String bucket) {
    if (bucket == null || !bucket.matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")
        || bucket.contains("..") || bucket.matches("\\d+\\.\\d+\\.\\d+\\.\\d+")) {
      throw new InvalidRequestException("bucket", "'" + bucket + "' is not a valid bucket name"
          + " (3-63 characters: lower-case letters, digits, '-' and '.', starting and ending"
          + " with a letter or digit)");
    }
    return bucket;
  }

  private static String dirPrefix(String prefix) {
    if (prefix == null || prefix.isEmpty()) {
      return "";
    }
    if (prefix.startsWith("/")) {
      throw new InvalidRequestException("prefix", "a key prefix must not start with '/'");
    }
    ObjectKeys.check(prefix);
    return prefix.endsWith("/") ? prefix : prefix + "/";
  }

  private static List<Glob> globs(String field, List<String> patterns) {
    return patterns.stream().map(p -> Glob.compile(field, p)).toList();
  }

  private int conc(TransferOptions o) {
    return o.concurrency() > 0 ? o.concurrency() : concurrency;
  }

  /**
   * Reads a whole file of {@code size} bytes into {@code buf} and checks that it still has that
   * size (a file that grew or shrank while it was read is refused, not uploaded cut short).
   */
  private static int readWhole(Path file, byte[] buf, int size) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      ByteBuffer bb = ByteBuffer.wrap(buf, 0, size);
      while (bb.hasRemaining()) {
        if (ch.read(bb) < 0) {
          break;
        }
      }
      int got = bb.position();
      if (got != size || ch.read(ByteBuffer.allocate(1), size) > 0) {
        throw new LocalIOException(file + " changed while it was read", new IOException(
            "size " + size + " became " + (got != size ? got : Files.size(file))));
      }
      return got;
    }
  }

  private int units(long bytes) {
    return (int) Math.min(memoryUnits, Math.max(1, ceilDiv(bytes, 1024)));
  }

  private static long partLength(int part, long ps, long size) {
    return Math.min(ps, size - (part - 1) * ps);
  }

  private static long ceilDiv(long a, long b) {
    return (a + b - 1) / b;
  }

  private static String stripQuotes(String s) {
    return s == null ? "" : s.replace("\"", "");
  }

  private static String uri(String bucket, String key) {
    return "s3://" + bucket + "/" + key;
  }

  /** Stops the transfer threads. In-flight transfers are interrupted. */
  @Override
  public void close() {
    executor.shutdownNow();
    // the dispatcher is this client's own (its threads would otherwise linger for a minute);
    // the connection pool may be shared and stays
    dispatcher.executorService().shutdown();
    try {
      minio.close();
    } catch (Exception e) {
      // nothing to release beyond the HTTP client, which may be shared
    }
  }

  @Override
  public String toString() {
    return "StorageClient[endpoint=" + endpoint + ", region=" + region + ", partSize=" + partSize
        + ", concurrency=" + concurrency + ", credentials=" + credentials + "]";
  }

  /**
   * Builds a {@link StorageClient}; {@link #build()} checks the settings and names the bad one.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private URI endpoint;
    private String badEndpoint;
    private String region = "us-east-1";
    private boolean pathStyle = true;
    private CredentialsProvider credentials;
    private SpeHttpClient http;
    private long partSize = DEFAULT_PART_SIZE;
    private int concurrency = 8;
    private long memoryBudget = 64L * 1024 * 1024;
    private int attempts = 4;
    private Duration maxPresignExpiry = MAX_PRESIGN_EXPIRY;
    private boolean resume = true;
    private Path resumeDirectory = defaultResumeDirectory();
    private AuditSink audit = AuditSink.noop();
    private String actor;

    private Builder() {}

    private static Path defaultResumeDirectory() {
      String xdg = System.getenv("XDG_CACHE_HOME");
      Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg)
          : Path.of(System.getProperty("user.home"), ".cache");
      return base.resolve("spe").resolve("storage-uploads");
    }

    /**
     * The S3 endpoint.
     *
     * @param uri e.g. {@code https://s3.example.org}
     * @return this builder
     */
    public Builder endpoint(URI uri) {
      this.endpoint = uri;
      this.badEndpoint = null;
      return this;
    }

    /**
     * The S3 endpoint as text.
     *
     * @param uri e.g. {@code https://s3.example.org}
     * @return this builder
     */
    public Builder endpoint(String uri) {
      try {
        return endpoint(URI.create(uri));
      } catch (IllegalArgumentException e) {
        this.badEndpoint = uri;
        return this;
      }
    }

    /**
     * The signing region (default {@code us-east-1}; for Ceph RGW the zonegroup's api name).
     *
     * @param region the region
     * @return this builder
     */
    public Builder region(String region) {
      this.region = region;
      return this;
    }

    /**
     * Path-style ({@code https://host/bucket/key}, default) or virtual-host-style addressing.
     *
     * @param pathStyle true for path style
     * @return this builder
     */
    public Builder pathStyle(boolean pathStyle) {
      this.pathStyle = pathStyle;
      return this;
    }

    /**
     * Where credentials come from.
     *
     * @param provider static keys or {@link StsCredentialsProvider}
     * @return this builder
     */
    public Builder credentials(CredentialsProvider provider) {
      this.credentials = provider;
      return this;
    }

    /**
     * Static keys.
     *
     * @param accessKeyId the access key
     * @param secretAccessKey the secret
     * @return this builder
     */
    public Builder credentials(String accessKeyId, String secretAccessKey) {
      this.credentials = CredentialsProvider.of(accessKeyId, secretAccessKey);
      return this;
    }

    /**
     * The HTTP client (TLS trust, timeouts, logging with redaction, retries of idempotent
     * requests). Its connection pool is shared.
     *
     * @param client the client
     * @return this builder
     */
    public Builder httpClient(SpeHttpClient client) {
      this.http = client;
      return this;
    }

    /**
     * The multipart part size (default 16 MiB); files up to this size go in one request.
     *
     * @param bytes 5 MiB to 5 GiB
     * @return this builder
     */
    public Builder partSize(long bytes) {
      this.partSize = bytes;
      return this;
    }

    /**
     * Requests in flight at once per transfer (default 8).
     *
     * @param n 1 to 256
     * @return this builder
     */
    public Builder concurrency(int n) {
      this.concurrency = n;
      return this;
    }

    /**
     * The most memory all transfers of this client hold in part buffers at once (default 64
     * MiB): streams of unknown length and single-request files are buffered, and wait for
     * buffer space rather than exceed it. A file goes up in a single request only when it fits
     * both the part size and this budget; multipart file uploads and downloads stream from and
     * to the file and need no part buffers. Besides, up to 16 MiB (or this budget, if smaller)
     * of buffers up to 4 MiB are kept idle for reuse by the next small files.
     *
     * @param bytes at least 1 MiB
     * @return this builder
     */
    public Builder memoryBudget(long bytes) {
      this.memoryBudget = bytes;
      return this;
    }

    /**
     * Attempts per part or request before a transfer fails (default 4).
     *
     * @param n 1 to 20
     * @return this builder
     */
    public Builder attempts(int n) {
      this.attempts = n;
      return this;
    }

    /**
     * The longest lifetime of presigned links this client issues (default and S3 maximum 7
     * days). A site caps it lower to limit how long a leaked link works.
     *
     * @param max the cap
     * @return this builder
     */
    public Builder maxPresignExpiry(Duration max) {
      this.maxPresignExpiry = max;
      return this;
    }

    /**
     * Where journals of multipart uploads in progress are kept, for resuming (default
     * {@code $XDG_CACHE_HOME/spe/storage-uploads} or {@code ~/.cache/spe/storage-uploads}).
     *
     * @param dir the directory
     * @return this builder
     */
    public Builder resumeDirectory(Path dir) {
      this.resumeDirectory = dir;
      this.resume = dir != null;
      return this;
    }

    /**
     * Whether interrupted multipart uploads of files can be resumed (default true). Without
     * it, a failed upload aborts its parts.
     *
     * @param resume true to keep journals
     * @return this builder
     */
    public Builder resume(boolean resume) {
      this.resume = resume;
      return this;
    }

    /**
     * Where audit events go (default: nowhere).
     *
     * @param sink the sink
     * @return this builder
     */
    public Builder auditSink(AuditSink sink) {
      this.audit = sink;
      return this;
    }

    /**
     * Who the audit events name as actor (the user's OIDC {@code sub}).
     *
     * @param actor the actor
     * @return this builder
     */
    public Builder actor(String actor) {
      this.actor = actor;
      return this;
    }

    /**
     * Applies a configuration function.
     *
     * @param config the function
     * @return this builder
     */
    public Builder apply(Consumer<Builder> config) {
      config.accept(this);
      return this;
    }

    /**
     * Checks the settings and builds the client.
     *
     * @return the client
     * @throws InvalidConfigException naming the bad setting
     */
    public StorageClient build() {
      if (badEndpoint != null) {
        throw new InvalidConfigException("endpoint", "not a URL: " + badEndpoint);
      }
      if (endpoint == null) {
        throw new InvalidConfigException("endpoint", "is required, e.g. https://s3.example.org");
      }
      String scheme = endpoint.getScheme();
      if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
          || endpoint.getHost() == null) {
        throw new InvalidConfigException("endpoint", "must be an http(s) URL with a host, was "
            + endpoint);
      }
      if (endpoint.getRawPath() != null && !endpoint.getRawPath().isEmpty()
          && !endpoint.getRawPath().equals("/")) {
        throw new InvalidConfigException("endpoint", "must not have a path (the bucket is not"
            + " part of the endpoint), was " + endpoint);
      }
      if (region == null || !region.matches("[a-z0-9-]{1,64}")) {
        throw new InvalidConfigException("region", "must be a region name like us-east-1, was '"
            + region + "'");
      }
      if (credentials == null) {
        throw new InvalidConfigException("credentials", "are required: static keys or an"
            + " StsCredentialsProvider");
      }
      if (partSize < MIN_PART_SIZE || partSize > MAX_PART_SIZE) {
        throw new InvalidConfigException("partSize", "must be between 5 MiB and 5 GiB, was "
            + partSize);
      }
      if (concurrency < 1 || concurrency > 256) {
        throw new InvalidConfigException("concurrency", "must be 1 to 256, was " + concurrency);
      }
      if (memoryBudget < 1024L * 1024) {
        throw new InvalidConfigException("memoryBudget", "must be at least 1 MiB, was "
            + memoryBudget);
      }
      if (attempts < 1 || attempts > 20) {
        throw new InvalidConfigException("attempts", "must be 1 to 20, was " + attempts);
      }
      if (maxPresignExpiry == null || maxPresignExpiry.toSeconds() < 1
          || maxPresignExpiry.compareTo(MAX_PRESIGN_EXPIRY) > 0) {
        throw new InvalidConfigException("maxPresignExpiry", "must be between 1 second and 7"
            + " days, was " + maxPresignExpiry);
      }
      SpeHttpClient base = http != null ? http : SpeHttpClient.builder().serviceName("S3")
          .readTimeout(Duration.ofMinutes(5)).writeTimeout(Duration.ofMinutes(5)).build();
      Dispatcher d = new Dispatcher();
      d.setMaxRequests(512);
      d.setMaxRequestsPerHost(512);
      OkHttpClient ok = base.okHttpClient().newBuilder().dispatcher(d).build();
      return new StorageClient(this, ok);
    }
  }

  static CompletableFuture<Void> done() {
    return CompletableFuture.completedFuture(null);
  }
}
