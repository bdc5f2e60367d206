package dev.tributary.triton.models;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsAction;
import org.apache.hadoop.fs.permission.FsPermission;

/**
 * Hadoop's file system for {@code file:} paths as {@link HadoopSettings} configures it: a local
 * Iceberg warehouse (the embedded stack's, the benchmarks', a user's on a single machine) is
 * written through it. Two costs of Hadoop's default go:
 *
 * <ul>
 *   <li>Without Hadoop's native library, which no Tributary process loads, {@link
 *       RawLocalFileSystem} sets the permissions of every file and directory it creates by starting
 *       a {@code chmod} process: hundreds per streaming run, one per data file, manifest and
 *       metadata file. Here they are set through {@code java.nio}.
 *   <li>Hadoop's default {@code LocalFileSystem} writes a {@code .crc} file beside every file and
 *       checks it on every read; Iceberg's files carry their own checks (Parquet's page CRCs, the
 *       manifests' sizes), so the warehouse holds half as many files without them.
 * </ul>
 *
 * <p>It stays a {@link LocalFileSystem} (checksums turned off) because Hadoop casts to one: {@code
 * FileSystem.getLocal}, which s3a's disk buffers call.
 */
public final class LocalFileSystemWithoutForks extends LocalFileSystem {
  public LocalFileSystemWithoutForks() {
    super(new PermissionsThroughNio());
    setWriteChecksum(false);
    setVerifyChecksum(false);
  }

  /** Hadoop's raw local file system, setting permissions without a child process. */
  private static final class PermissionsThroughNio extends RawLocalFileSystem {
    /** Through {@code java.nio}; on a file system without POSIX permissions, as Hadoop does. */
    @Override
    public void setPermission(Path path, FsPermission permission) throws IOException {
      java.nio.file.Path file = pathToFile(path).toPath();
      if (!file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
        super.setPermission(path, permission);
        return;
      }
      Set<PosixFilePermission> posix = EnumSet.noneOf(PosixFilePermission.class);
      add(
          posix,
          permission.getUserAction(),
          PosixFilePermission.OWNER_READ,
          PosixFilePermission.OWNER_WRITE,
          PosixFilePermission.OWNER_EXECUTE);
      add(
          posix,
          permission.getGroupAction(),
          PosixFilePermission.GROUP_READ,
          PosixFilePermission.GROUP_WRITE,
          PosixFilePermission.GROUP_EXECUTE);
      add(
          posix,
          permission.getOtherAction(),
          PosixFilePermission.OTHERS_READ,
          PosixFilePermission.OTHERS_WRITE,
          PosixFilePermission.OTHERS_EXECUTE);
      Files.setPosixFilePermissions(file, posix);
    }

    private static void add(
        Set<PosixFilePermission> posix,
        FsAction action,
        PosixFilePermission read,
        PosixFilePermission write,
        PosixFilePermission execute) {
      if (action.implies(FsAction.READ)) {
        posix.add(read);
      }
      if (action.implies(FsAction.WRITE)) {
        posix.add(write);
      }
      if (action.implies(FsAction.EXECUTE)) {
        posix.add(execute);
      }
    }
  }
}
