package dev.rivet.state.sqlite;

import java.io.IOException;
import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.zip.CRC32;

/**
 * sqlite-jdbc's native library, loaded from a per-user cache instead of being unpacked anew by
 * every command.
 *
 * <p>Left to itself, the driver's first connection runs {@code uname -o} in a child process (to
 * tell Termux from Linux), inflates its 1.1 MB library from the jar into a new file under {@code
 * java.io.tmpdir}, inflates it a second time to compare the two byte by byte, and loads that file:
 * about 0.1 s of the main thread's CPU, measured, on the critical path of every command that opens
 * a SQLite state store. Here the library is unpacked once into {@code
 * ${XDG_CACHE_HOME:-~/.cache}/rivet/sqlite-native/<crc>-<size>/} (a directory only its user can
 * read, named after the jar entry's CRC-32 and size, so that another sqlite-jdbc version gets its
 * own) and handed to the driver through its {@code org.sqlite.lib.path} and {@code
 * org.sqlite.lib.name} properties. Each use checks the cached file's size and CRC-32 against the
 * jar entry, and rewrites it (through a temporary file moved into place) when they differ.
 *
 * <p>Only on glibc Linux on x86-64 or AArch64, where the driver's own choice of library is known;
 * anywhere else, when the user set either property, when the jar entry cannot be read or the cache
 * cannot be written, nothing is set and the driver unpacks its library as before. A cached library
 * the system refuses to load is no worse: the driver then falls back to its own unpacking.
 */
final class SqliteNativeLibrary {
  static final String PATH_PROPERTY = "org.sqlite.lib.path";
  static final String NAME_PROPERTY = "org.sqlite.lib.name";
  static final String LIBRARY = "libsqlitejdbc.so";

  private static boolean prepared;

  private SqliteNativeLibrary() {}

  /** Points the driver at the cached library, once per JVM, before its first connection. */
  static synchronized void useCachedCopy() {
    if (prepared) {
      return;
    }
    prepared = true;
    if (System.getProperty(PATH_PROPERTY) != null || System.getProperty(NAME_PROPERTY) != null) {
      return;
    }
    try {
      Optional<Path> root =
          cacheRoot(System.getenv("XDG_CACHE_HOME"), System.getProperty("user.home"));
      if (root.isEmpty()) {
        return;
      }
      Optional<Path> directory = cachedCopy(root.get(), platformFolder());
      if (directory.isPresent()) {
        System.setProperty(PATH_PROPERTY, directory.get().toString());
        System.setProperty(NAME_PROPERTY, LIBRARY);
      }
    } catch (IOException | RuntimeException e) {
      // The driver unpacks its own copy, as it always did.
    }
  }

  /**
   * {@code ${XDG_CACHE_HOME:-~/.cache}/rivet/sqlite-native}, as bin/rivet's archive cache; a
   * relative {@code XDG_CACHE_HOME} is ignored (as the XDG specification says), and without an
   * absolute home directory (the JVM reports {@code ?} for a user it cannot look up) there is none.
   */
  static Optional<Path> cacheRoot(String xdgCacheHome, String userHome) {
    Path cache = null;
    if (xdgCacheHome != null && !xdgCacheHome.isBlank() && Path.of(xdgCacheHome).isAbsolute()) {
      cache = Path.of(xdgCacheHome);
    } else if (userHome != null && !userHome.isBlank() && Path.of(userHome).isAbsolute()) {
      cache = Path.of(userHome, ".cache");
    }
    return Optional.ofNullable(cache).map(c -> c.resolve("rivet").resolve("sqlite-native"));
  }

  /**
   * The driver's folder for this platform ({@code Linux/x86_64}, {@code Linux/aarch64}), or empty
   * where its choice depends on more than this (musl, Android, other systems and architectures).
   */
  static Optional<String> platformFolder() {
    if (!"Linux".equals(System.getProperty("os.name"))
        || System.getProperty("java.runtime.name", "").toLowerCase(Locale.ROOT).contains("android")
        || Files.exists(Path.of("/system/lib64"))
        || Files.exists(Path.of("/system/lib"))
        || Files.exists(Path.of("/lib/ld-musl-x86_64.so.1"))
        || Files.exists(Path.of("/lib/ld-musl-aarch64.so.1"))) {
      return Optional.empty();
    }
    return switch (System.getProperty("os.arch", "")) {
      case "amd64", "x86_64" -> Optional.of("Linux/x86_64");
      case "aarch64" -> Optional.of("Linux/aarch64");
      default -> Optional.empty();
    };
  }

  /**
   * The directory under {@code root} holding an exact copy of the driver's library for {@code
   * folder}, unpacked first when missing or different; empty when the driver's jar has no such
   * entry or it cannot be read as a jar entry.
   */
  static Optional<Path> cachedCopy(Path root, Optional<String> folder) throws IOException {
    if (folder.isEmpty()) {
      return Optional.empty();
    }
    URL url =
        SqliteNativeLibrary.class
            .getClassLoader()
            .getResource("org/sqlite/native/" + folder.get() + "/" + LIBRARY);
    if (url == null) {
      return Optional.empty();
    }
    URLConnection connection = url.openConnection();
    if (!(connection instanceof JarURLConnection jar)) {
      return Optional.empty();
    }
    jar.setUseCaches(false);
    try (JarFile file = jar.getJarFile()) {
      JarEntry entry = jar.getJarEntry();
      long crc = entry.getCrc();
      long size = entry.getSize();
      if (crc < 0 || size < 0) {
        return Optional.empty();
      }
      Path directory = root.resolve(String.format(Locale.ROOT, "%08x-%d", crc, size));
      Path library = directory.resolve(LIBRARY);
      if (matches(library, crc, size)) {
        return Optional.of(directory);
      }
      createPrivateDirectories(directory);
      Path temporary = directory.resolve("." + LIBRARY + "." + UUID.randomUUID() + ".tmp");
      try (InputStream in = file.getInputStream(entry)) {
        Files.copy(in, temporary);
        Files.move(temporary, library, StandardCopyOption.REPLACE_EXISTING);
      } finally {
        Files.deleteIfExists(temporary);
      }
      return matches(library, crc, size) ? Optional.of(directory) : Optional.empty();
    }
  }

  /** Whether {@code file} exists with exactly {@code size} bytes and CRC-32 {@code crc}. */
  private static boolean matches(Path file, long crc, long size) throws IOException {
    if (!Files.isRegularFile(file) || Files.size(file) != size) {
      return false;
    }
    CRC32 checksum = new CRC32();
    checksum.update(Files.readAllBytes(file));
    return checksum.getValue() == crc;
  }

  /** Creates {@code directory} and its missing parents, readable by this user only. */
  private static void createPrivateDirectories(Path directory) throws IOException {
    Files.createDirectories(
        directory,
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
  }
}
