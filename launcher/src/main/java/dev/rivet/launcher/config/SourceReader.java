package dev.rivet.launcher.config;

import dev.rivet.kernel.failure.RivetException;
import dev.rivet.kernel.plan.SourceConnection;
import dev.rivet.kernel.source.SourceDriver;
import dev.rivet.kernel.source.SourceKind;
import dev.rivet.planner.dialect.Dialect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Reads the {@code source} section into a {@link SourceConnection}, resolving the password. */
final class SourceReader {
  private static final Logger LOG = LoggerFactory.getLogger(SourceReader.class);

  static final List<String> KEYS = ConfigKeys.SOURCE.names();
  private static final String[] TYPES = ConfigKeys.SOURCE_TYPES.toArray(new String[0]);

  private SourceReader() {}

  static SourceConnection read(ConfigNode node) {
    ConfigMapping source = node.mapping(KEYS);
    SourceConnection connection = address(node, source);
    return connection
        .withTls(TlsReader.read(source, connection))
        .withDriver(source.has("driver") ? driver(source.get("driver")) : null);
  }

  /** {@code source.driver}: a class name and a jar that exists. */
  private static SourceDriver driver(ConfigNode node) {
    ConfigMapping driver = node.mapping(ConfigKeys.DRIVER.names());
    for (String key : ConfigKeys.DRIVER.required()) {
      if (!driver.has(key)) {
        throw node.error(
            "needs " + key,
            "give both class (the java.sql.Driver class) and jar (the file that holds it)");
      }
    }
    ConfigNode jar = driver.get("jar");
    Path path = jar.filePath();
    if (!Files.isRegularFile(path)) {
      throw jar.error(
          "file " + path + " does not exist",
          "fix the path to the driver's jar (relative paths start at the config file's"
              + " directory)");
    }
    return new SourceDriver(driver.get("class").text(), path.toString());
  }

  private static SourceConnection address(ConfigNode node, ConfigMapping source) {
    String type = source.has("type") ? source.get("type").choice(TYPES, t -> t) : null;
    for (String key : List.of("host", "port", "database")) {
      if (source.has("url") && source.has(key)) {
        throw source
            .get(key)
            .error(
                "cannot be combined with source.url",
                "keep source.url and remove source.host, port and database, or remove source.url"
                    + " and keep host, port, database and user");
      }
    }
    source.oneOf(false, "password_env", "password_file");
    String password = password(source);
    if (!source.has("url")) {
      if (!source.has("host")) {
        throw node.error(
            "needs either url or host",
            "add source.url: postgresql://user@host:5432/database (or mysql://...), or"
                + " source.host and source.database");
      }
      return fromHost(source, type == null ? SourceUrl.POSTGRESQL : type, password);
    }
    ConfigNode urlNode = source.get("url");
    SourceUrl url;
    try {
      url = SourceUrl.parse(urlNode.text());
    } catch (HostList.BadPort e) {
      throw urlNode.error(e.getMessage(), e.hint());
    } catch (IllegalArgumentException e) {
      throw urlNode.error(
          e.getMessage(),
          "write postgresql://user@host:5432/database or mysql://user@host:3306/database;"
              + " percent-encode special characters in the user and password, or move the password"
              + " to source.password_env");
    }
    if (type != null && SourceUrl.familyOf(type) != url.family()) {
      throw source
          .get("type")
          .error(
              "'"
                  + type
                  + "' does not match source.url, which reaches a "
                  + url.family().wireName()
                  + " server",
              "remove source.type (source.url decides) or fix the URL's scheme");
    }
    String user = url.user();
    if (source.has("user")) {
      if (user != null) {
        throw source
            .get("user")
            .error(
                "cannot be combined with a user inside source.url",
                "keep the user in the URL or in source.user, not both");
      }
      user = source.get("user").text();
    }
    if (url.password() != null) {
      if (password != null) {
        ConfigNode other =
            source.get(source.has("password_env") ? "password_env" : "password_file");
        throw other.error(
            "cannot be combined with a password inside source.url",
            "remove the password from the URL (postgresql://user@host/db) and keep "
                + other.path());
      }
      LOG.warn(
          "{}: source.url contains a password; prefer source.password_env or source.password_file",
          node.file().label());
      password = url.password();
    }
    return new SourceConnection(url.jdbcUrl(), user, password).withSsh(SshReader.read(source));
  }

  private static SourceConnection fromHost(ConfigMapping source, String type, String password) {
    SourceKind kind = SourceUrl.familyOf(type);
    String host = source.get("host").text();
    if (host.contains(":") && !host.startsWith("[")) {
      host = "[" + host + "]"; // IPv6 literal
    }
    int port = source.has("port") ? (int) source.get("port").integer(1, 65535) : kind.defaultPort();
    ConfigNode database = source.get("database");
    String name = database.text();
    String url;
    try {
      url = Dialect.of(kind).jdbcUrl(host, port, name);
    } catch (RivetException e) {
      throw database.error(e.getMessage(), e.hint());
    }
    String user = source.has("user") ? source.get("user").text() : null;
    return new SourceConnection(url, user, password).withSsh(SshReader.read(source));
  }

  /** The password from password_env or password_file, or null when neither is set. */
  private static String password(ConfigMapping source) {
    if (source.has("password_env")) {
      ConfigNode node = source.get("password_env");
      String name = node.text();
      String value = node.file().env().get(name);
      if (value == null) {
        throw node.error(
            "environment variable '" + name + "' is not set",
            "export " + name + "=<password> before running rivet, or fix the variable name");
      }
      if (value.isEmpty()) {
        throw node.error(
            "environment variable '" + name + "' is set but empty",
            "set " + name + " to the password; a CI secret that does not exist expands to empty");
      }
      return value;
    }
    if (source.has("password_file")) {
      ConfigNode node = source.get("password_file");
      Path path = node.filePath();
      String content = node.fileContent();
      String value = content.replaceAll("[\r\n]+$", "");
      if (value.isEmpty()) {
        throw node.error("file " + path + " is empty", "write the password into it");
      }
      return value;
    }
    return null;
  }
}
