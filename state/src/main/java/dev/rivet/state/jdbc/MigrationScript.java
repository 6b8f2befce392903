package dev.rivet.state.jdbc;

import dev.rivet.kernel.failure.FailureKind;
import dev.rivet.kernel.failure.RivetException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32;

/**
 * One versioned SQL migration read from the class path, with what Flyway records for it in its
 * history table: version, description, script name and checksum, computed as Flyway computes them
 * (so a history written from these values is one Flyway accepts when it validates).
 *
 * @param version the part between {@code V} and {@code __}, e.g. {@code 10}
 * @param description the part after {@code __} with underscores as spaces, e.g. {@code file
 *     profiles}
 * @param script the file name, e.g. {@code V10__file_profiles.sql}
 * @param checksum Flyway's checksum: CRC-32 of the UTF-8 bytes of every line without its line
 *     ending (a leading byte-order mark left out), as a signed int
 * @param sql the script's text
 */
public record MigrationScript(
    String version, String description, String script, int checksum, String sql) {
  private static final Pattern NAME = Pattern.compile("V([0-9]+(?:[._][0-9]+)*)__(.+)\\.sql");

  public MigrationScript {
    parts(script);
  }

  /** The version of a script named {@code V<version>__<description>.sql}, e.g. {@code 10}. */
  public static String version(String script) {
    return parts(script).group(1).replace('_', '.');
  }

  private static Matcher parts(String script) {
    Matcher name = NAME.matcher(script);
    if (!name.matches()) {
      throw new IllegalArgumentException(
          "migration " + script + " is not named V<version>__<description>.sql");
    }
    return name;
  }

  /**
   * Reads {@code script} from {@code directory} on the class path of {@code loader}.
   *
   * @throws RivetException of kind {@code INTERNAL} when the script is missing or unreadable (a
   *     broken build)
   */
  public static MigrationScript load(ClassLoader loader, String directory, String script) {
    Matcher name = parts(script);
    String resource = directory + "/" + script;
    try (InputStream in = loader.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IOException("not on the class path");
      }
      String sql = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      return new MigrationScript(
          version(script), name.group(2).replace('_', ' '), script, checksum(sql), sql);
    } catch (IOException e) {
      throw new RivetException(
          FailureKind.INTERNAL,
          "cannot read state migration " + resource + ": " + e.getMessage(),
          "report this as a bug in rivet: its jar lacks a state migration",
          e);
    }
  }

  /** Flyway's checksum of a script: independent of line endings and of a byte-order mark. */
  static int checksum(String sql) {
    CRC32 crc = new CRC32();
    try (BufferedReader lines = new BufferedReader(new StringReader(sql))) {
      String line = lines.readLine();
      if (line != null && line.startsWith("\uFEFF")) {
        line = line.substring(1);
      }
      for (; line != null; line = lines.readLine()) {
        crc.update(line.getBytes(StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new IllegalStateException("reading a string cannot fail", e);
    }
    return (int) crc.getValue();
  }
}
