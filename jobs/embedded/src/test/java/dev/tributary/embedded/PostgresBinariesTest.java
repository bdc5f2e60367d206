package dev.tributary.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the server programs are found, on PATH through links, or in Debian's folders. */
class PostgresBinariesTest {

  @Test
  void aLinkOnPathIsFollowedToTheFolderThatHoldsTheProgram(@TempDir Path folder) throws Exception {
    Path real = Files.createDirectories(folder.resolve("postgresql/15/bin"));
    Path initdb = Files.createFile(real.resolve("initdb"));
    Files.setPosixFilePermissions(initdb, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path links = Files.createDirectories(folder.resolve("private-bin"));
    Files.createSymbolicLink(links.resolve("initdb"), initdb);

    assertEquals(
        Optional.of(real.toRealPath()),
        PostgresBinaries.onPath(folder.resolve("empty") + "::" + links));
    assertEquals(Optional.empty(), PostgresBinaries.onPath(folder.resolve("empty").toString()));
  }

  @Test
  void theNewestDebianVersionWins(@TempDir Path root) throws Exception {
    for (String version : new String[] {"9", "15", "13"}) {
      Path bin = Files.createDirectories(root.resolve(version).resolve("bin"));
      Path initdb = Files.createFile(bin.resolve("initdb"));
      Files.setPosixFilePermissions(initdb, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
    assertEquals(Optional.of(root.resolve("15/bin")), PostgresBinaries.newestDebianVersion(root));
  }
}
