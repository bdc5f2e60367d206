package dev.tributary.triton.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.permission.FsPermission;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code file:} paths opened with {@link HadoopSettings} go through {@link
 * LocalFileSystemWithoutForks}: files and directories get the permissions asked for (set through
 * {@code java.nio}, not a {@code chmod} process), and no {@code .crc} file is written beside them.
 */
class LocalFileSystemWithoutForksTest {
  @Test
  void filesAndDirectoriesGetTheirPermissionsAndNoChecksumFiles(@TempDir Path folder)
      throws Exception {
    try (FileSystem fs = FileSystem.newInstance(folder.toUri(), HadoopSettings.load())) {
      assertInstanceOf(LocalFileSystemWithoutForks.class, fs);
      assertEquals("file", fs.getScheme());
      // what s3a's disk buffers ask for, a cast to Hadoop's LocalFileSystem
      assertInstanceOf(
          LocalFileSystemWithoutForks.class, FileSystem.getLocal(HadoopSettings.load()));
      org.apache.hadoop.fs.Path dir = new org.apache.hadoop.fs.Path(folder.toUri() + "/a/b");
      fs.mkdirs(dir, new FsPermission((short) 0750));
      org.apache.hadoop.fs.Path file = new org.apache.hadoop.fs.Path(dir, "data.parquet");
      byte[] bytes = "rows".getBytes(StandardCharsets.UTF_8);
      try (OutputStream out =
          fs.create(file, new FsPermission((short) 0640), false, 4096, (short) 1, 1 << 20, null)) {
        out.write(bytes);
      }
      fs.setPermission(
          new org.apache.hadoop.fs.Path(folder.toUri() + "/a"), new FsPermission((short) 0705));

      assertEquals("rwxr-x---", permissions(folder.resolve("a/b")));
      assertEquals("rw-r-----", permissions(folder.resolve("a/b/data.parquet")));
      assertEquals("rwx---r-x", permissions(folder.resolve("a")));
      assertArrayEquals(bytes, Files.readAllBytes(folder.resolve("a/b/data.parquet")));
      try (Stream<Path> files = Files.walk(folder)) {
        assertEquals(
            List.of(
                folder,
                folder.resolve("a"),
                folder.resolve("a/b"),
                folder.resolve("a/b/data.parquet")),
            files.sorted().toList(),
            "no .crc beside the file");
      }
    }
  }

  private static String permissions(Path path) throws Exception {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
  }
}
