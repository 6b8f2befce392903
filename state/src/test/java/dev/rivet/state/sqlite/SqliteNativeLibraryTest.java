package dev.rivet.state.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The driver's native library is unpacked once into a private cache, checked on every use, and
 * loaded from there by a JVM that opens a state store, with nothing unpacked into its temporary
 * directory.
 */
class SqliteNativeLibraryTest {
  @TempDir Path dir;

  private static Optional<String> folder() {
    Optional<String> folder = SqliteNativeLibrary.platformFolder();
    assumeTrue(folder.isPresent(), "only on glibc Linux, x86-64 or AArch64");
    return folder;
  }

  private static byte[] packaged(String folder) throws IOException {
    try (InputStream in =
        SqliteNativeLibrary.class
            .getClassLoader()
            .getResourceAsStream(
                "org/sqlite/native/" + folder + "/" + SqliteNativeLibrary.LIBRARY)) {
      assertThat(in).as("the driver's packaged library").isNotNull();
      return in.readAllBytes();
    }
  }

  @Test
  void shouldUnpackTheLibraryOnceIntoAPrivateDirectoryAndReuseIt() throws IOException {
    Optional<String> folder = folder();
    Path root = dir.resolve("cache").resolve("sqlite-native");

    Path first = SqliteNativeLibrary.cachedCopy(root, folder).orElseThrow();
    Path library = first.resolve(SqliteNativeLibrary.LIBRARY);
    assertThat(library).hasBinaryContent(packaged(folder.get()));
    assertThat(first.getParent()).isEqualTo(root);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(first)))
        .isEqualTo("rwx------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(root)))
        .isEqualTo("rwx------");
    Object inode = Files.readAttributes(library, "unix:ino").get("ino");

    Path second = SqliteNativeLibrary.cachedCopy(root, folder).orElseThrow();
    assertThat(second).isEqualTo(first);
    assertThat(Files.readAttributes(library, "unix:ino").get("ino"))
        .as("the cached file is reused, not written again")
        .isEqualTo(inode);
    try (var files = Files.list(first)) {
      assertThat(files).containsExactly(library);
    }
  }

  @Test
  void shouldReplaceACachedCopyThatDiffersFromThePackagedLibrary() throws IOException {
    Optional<String> folder = folder();
    Path root = dir.resolve("sqlite-native");
    Path library =
        SqliteNativeLibrary.cachedCopy(root, folder)
            .orElseThrow()
            .resolve(SqliteNativeLibrary.LIBRARY);
    byte[] damaged = Files.readAllBytes(library);
    damaged[damaged.length / 2] ^= 0x5a; // same size, other content
    Files.write(library, damaged);

    SqliteNativeLibrary.cachedCopy(root, folder).orElseThrow();

    assertThat(library).hasBinaryContent(packaged(folder.get()));
  }

  @Test
  void shouldSetNothingOffTheKnownPlatforms() throws IOException {
    assertThat(SqliteNativeLibrary.cachedCopy(dir, Optional.empty())).isEmpty();
    assertThat(SqliteNativeLibrary.cachedCopy(dir, Optional.of("Plan9/mips"))).isEmpty();
    try (var files = Files.list(dir)) {
      assertThat(files).isEmpty();
    }
  }

  @Test
  void shouldKeepTheCacheUnderAnAbsoluteXdgCacheHomeElseTheHomeDirectory() {
    Path suffix = Path.of("rivet", "sqlite-native");
    assertThat(SqliteNativeLibrary.cacheRoot("/x/cache", "/home/u"))
        .contains(Path.of("/x/cache").resolve(suffix));
    assertThat(SqliteNativeLibrary.cacheRoot(null, "/home/u"))
        .contains(Path.of("/home/u/.cache").resolve(suffix));
    assertThat(SqliteNativeLibrary.cacheRoot("relative/cache", "/home/u"))
        .contains(Path.of("/home/u/.cache").resolve(suffix));
    assertThat(SqliteNativeLibrary.cacheRoot("", "?")).isEmpty();
    assertThat(SqliteNativeLibrary.cacheRoot(null, null)).isEmpty();
  }

  @Test
  void shouldLoadTheCachedLibraryWhenAStoreIsOpenedAndUnpackNothingElse() throws Exception {
    Optional<String> folder = folder();
    Path cache = Files.createDirectory(dir.resolve("xdg"));
    Path tmp = Files.createDirectory(dir.resolve("tmp"));
    ProcessBuilder builder =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.io.tmpdir=" + tmp,
                "-cp",
                System.getProperty("java.class.path"),
                NativeLibraryProcess.class.getName(),
                "jdbc:sqlite:" + dir.resolve("state.db"))
            .redirectErrorStream(true);
    builder.environment().put("XDG_CACHE_HOME", cache.toString());
    Process child = builder.start();
    String out = new String(child.getInputStream().readAllBytes());
    assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(child.exitValue()).as(out).isZero();

    Path expected =
        SqliteNativeLibrary.cachedCopy(cache.resolve("rivet").resolve("sqlite-native"), folder)
            .orElseThrow()
            .resolve(SqliteNativeLibrary.LIBRARY);
    List<String> mapped =
        out.lines().filter(l -> l.startsWith("mapped ")).map(l -> l.substring(7)).toList();
    assertThat(mapped).as(out).containsExactly(expected.toString());
    try (var files = Files.list(tmp)) {
      assertThat(files).as("nothing unpacked into java.io.tmpdir").isEmpty();
    }
  }
}
