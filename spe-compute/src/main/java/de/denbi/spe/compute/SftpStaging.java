package de.denbi.spe.compute;

import com.jcraft.jsch.ChannelSftp;
import com.jcraft.jsch.SftpATTRS;
import com.jcraft.jsch.SftpException;
import com.jcraft.jsch.SftpProgressMonitor;
import de.denbi.spe.compute.internal.Shell;
import de.denbi.spe.core.InvalidRequestException;
import de.denbi.spe.core.LocalIOException;
import de.denbi.spe.core.NotFoundException;
import de.denbi.spe.core.ServiceErrorDetails;
import de.denbi.spe.core.SpeException;
import de.denbi.spe.core.audit.AuditEvent;
import de.denbi.spe.core.audit.AuditOutcome;
import de.denbi.spe.core.audit.AuditSink;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * Moves files between this machine and a cluster over SFTP, on the sessions of an
 * {@link SshConnection}: inputs up before a job, outputs down after it.
 *
 * <p>Downloads are atomic on the local side: the bytes go to a temporary file next to the
 * target, which is moved into place only when complete, so a reader never sees half a file and a
 * failed transfer leaves the old file (if any) untouched. Uploads go to a temporary remote name
 * and are renamed when complete, so a job never reads a partial input.
 *
 * @since 0.1.0
 */
public final class SftpStaging {
  private final SshConnection ssh;
  private final AuditSink audit;

  /**
   * Staging over a connection.
   *
   * @param ssh the connection
   * @param audit where transfers are reported
   */
  public SftpStaging(SshConnection ssh, AuditSink audit) {
    this.ssh = Objects.requireNonNull(ssh, "ssh");
    this.audit = Objects.requireNonNull(audit, "audit");
  }

  /**
   * Uploads a local file.
   *
   * @param local the local file
   * @param remotePath the remote path (absolute, or relative to the login directory)
   * @param listener told about progress
   * @return the number of bytes uploaded
   */
  public long upload(Path local, String remotePath, TransferListener listener) {
    Objects.requireNonNull(local, "local");
    Objects.requireNonNull(listener, "listener");
    checkRemote(remotePath, "remotePath");
    if (!Files.isRegularFile(local)) {
      throw new LocalIOException("Cannot upload " + local + ": not a readable file",
          new IOException("no such file: " + local));
    }
    long size;
    try {
      size = Files.size(local);
    } catch (IOException e) {
      throw new LocalIOException("Cannot read " + local, e);
    }
    String tmp = remotePath + ".part-" + UUID.randomUUID().toString().substring(0, 8);
    try {
      ssh.withSftp(sftp -> {
        try (InputStream in = Files.newInputStream(local)) {
          sftp.put(in, tmp, monitor(remotePath, size, listener), ChannelSftp.OVERWRITE);
          try {
            sftp.rm(remotePath);
          } catch (SftpException e) {
            if (e.id != ChannelSftp.SSH_FX_NO_SUCH_FILE) {
              throw e;
            }
          }
          sftp.rename(tmp, remotePath);
          return null;
        } catch (SftpException e) {
          removeQuietly(sftp, tmp);
          throw remoteFailure("upload to", remotePath, e);
        } catch (IOException e) {
          throw new LocalIOException("Cannot read " + local, e);
        }
      });
      report("file.upload", remotePath, AuditOutcome.SUCCESS, size);
      return size;
    } catch (SpeException e) {
      report("file.upload", remotePath, AuditOutcome.FAILURE, size);
      throw e;
    }
  }

  /**
   * Downloads a remote file, atomically replacing {@code local}.
   *
   * @param remotePath the remote path
   * @param local the local file to create or replace
   * @param listener told about progress
   * @return the number of bytes downloaded
   * @throws NotFoundException if the remote file does not exist
   */
  public long download(String remotePath, Path local, TransferListener listener) {
    checkRemote(remotePath, "remotePath");
    Objects.requireNonNull(local, "local");
    Objects.requireNonNull(listener, "listener");
    Path dir = local.toAbsolutePath().getParent();
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new LocalIOException("Cannot create " + dir, e);
    }
    try {
      long n = ssh.withSftp(sftp -> {
        Path tmp = null;
        try {
          SftpATTRS attrs = sftp.stat(remotePath);
          long size = attrs.getSize();
          tmp = Files.createTempFile(dir, "." + local.getFileName() + ".", ".part");
          try (OutputStream out = Files.newOutputStream(tmp)) {
            sftp.get(remotePath, out, monitor(remotePath, size, listener));
          }
          long got = Files.size(tmp);
          if (got != size) {
            throw new LocalIOException("Download of " + remotePath + " ended after " + got
                + " of " + size + " bytes", new IOException("short read"));
          }
          try {
            Files.move(tmp, local, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
          } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, local, StandardCopyOption.REPLACE_EXISTING);
          }
          tmp = null;
          return got;
        } catch (SftpException e) {
          throw remoteFailure("download", remotePath, e);
        } catch (IOException e) {
          throw new LocalIOException("Cannot write " + local, e);
        } finally {
          if (tmp != null) {
            try {
              Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
              // best effort: the partial file has a hidden name
            }
          }
        }
      });
      report("file.download", remotePath, AuditOutcome.SUCCESS, n);
      return n;
    } catch (SpeException e) {
      report("file.download", remotePath, AuditOutcome.FAILURE, -1);
      throw e;
    }
  }

  /**
   * Uploads a local directory tree (regular files; symbolic links are not followed), e.g. a
   * workflow with its scripts.
   *
   * @param localDir the local directory
   * @param remoteDir the remote directory, created if missing
   * @param listener told about the progress of each file
   * @return the number of bytes uploaded
   */
  public long uploadDirectory(Path localDir, String remoteDir, TransferListener listener) {
    checkRemote(remoteDir, "remoteDir");
    if (!Files.isDirectory(localDir)) {
      throw new LocalIOException("Cannot upload " + localDir + ": not a directory",
          new IOException("not a directory: " + localDir));
    }
    java.util.List<Path> files;
    try (var walk = Files.walk(localDir)) {
      files = walk.filter(f -> Files.isRegularFile(f, java.nio.file.LinkOption.NOFOLLOW_LINKS)).sorted().toList();
    } catch (IOException e) {
      throw new LocalIOException("Cannot list " + localDir, e);
    }
    long total = 0;
    java.util.Set<String> made = new java.util.HashSet<>();
    for (Path f : files) {
      String rel = localDir.relativize(f).toString().replace(java.io.File.separatorChar, '/');
      String target = remoteDir + "/" + rel;
      String parent = target.substring(0, target.lastIndexOf('/'));
      if (made.add(parent)) {
        mkdirs(parent);
      }
      total += upload(f, target, listener);
    }
    return total;
  }

  /**
   * Creates a remote directory and its parents (like {@code mkdir -p}).
   *
   * @param remoteDir the directory
   */
  public void mkdirs(String remoteDir) {
    checkRemote(remoteDir, "remoteDir");
    ssh.withSftp(sftp -> {
      StringBuilder path = new StringBuilder(remoteDir.startsWith("/") ? "/" : "");
      for (String part : remoteDir.split("/")) {
        if (part.isEmpty()) {
          continue;
        }
        path.append(part);
        try {
          sftp.stat(path.toString());
        } catch (SftpException e) {
          try {
            sftp.mkdir(path.toString());
          } catch (SftpException e2) {
            throw remoteFailure("create directory", path.toString(), e2);
          }
        }
        path.append('/');
      }
      return null;
    });
  }

  /**
   * Whether a remote path exists.
   *
   * @param remotePath the path
   * @return true if it exists
   */
  public boolean exists(String remotePath) {
    checkRemote(remotePath, "remotePath");
    return ssh.withSftp(sftp -> {
      try {
        sftp.stat(remotePath);
        return true;
      } catch (SftpException e) {
        if (e.id == ChannelSftp.SSH_FX_NO_SUCH_FILE) {
          return false;
        }
        throw remoteFailure("stat", remotePath, e);
      }
    });
  }

  private static void checkRemote(String path, String field) {
    if (path == null || path.isBlank()) {
      throw new InvalidRequestException(field, "must not be blank");
    }
    Shell.oneLine(path, field);
  }

  private SpeException remoteFailure(String what, String path, SftpException e) {
    if (e.id == ChannelSftp.SSH_FX_NO_SUCH_FILE) {
      return new NotFoundException(new ServiceErrorDetails(
          "SFTP", what, "sftp://" + ssh.host() + "/" + path, 404, null,
          "no such file: " + path, null, null));
    }
    return new RemoteCommandException(ssh.host(), "sftp " + what + " " + path, e.id, e.getMessage(),
        e.id == ChannelSftp.SSH_FX_PERMISSION_DENIED ? "Permission denied: check the path and the"
            + " user's rights" : "");
  }

  private static void removeQuietly(ChannelSftp sftp, String path) {
    try {
      sftp.rm(path);
    } catch (SftpException ignored) {
      // the temporary file may not exist
    }
  }

  private void report(String action, String path, AuditOutcome outcome, long bytes) {
    AuditSink.safeRecord(audit, AuditEvent.now(ssh.user(), "SFTP", action,
        "sftp://" + ssh.host() + "/" + path, outcome,
        bytes < 0 ? Map.of() : Map.of("bytes", Long.toString(bytes))));
  }

  private static SftpProgressMonitor monitor(String path, long size, TransferListener l) {
    return new SftpProgressMonitor() {
      long done;

      @Override
      public void init(int op, String src, String dest, long max) {
        l.progress(path, 0, size);
      }

      @Override
      public boolean count(long count) {
        done += count;
        l.progress(path, done, size);
        return true;
      }

      @Override
      public void end() {
        // the final count was reported
      }
    };
  }
}
