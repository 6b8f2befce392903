package dev.rivet.planner.connect;

import dev.rivet.kernel.failure.FailureKind;
import dev.rivet.kernel.failure.RivetException;
import dev.rivet.kernel.source.SourceDriver;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Driver;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;

/**
 * Loads the {@code source.driver} class from its jar, isolated from the drivers Rivet ships (the
 * jar's classes come first), and hands out one {@link Driver} instance per jar and class for the
 * life of the JVM. The instance is used directly, never registered with {@link
 * java.sql.DriverManager}, so it cannot take over URLs of Rivet's own drivers.
 */
final class DriverLoader {
  private static final String CLASS_KEY = "source.driver.class";
  private static final String JAR_KEY = "source.driver.jar";

  // One class loader per driver jar, so chunk connections do not load the jar again each time.
  private static final Map<SourceDriver, Driver> LOADED = new ConcurrentHashMap<>();

  private DriverLoader() {}

  static Driver driver(SourceDriver driver) {
    return LOADED.computeIfAbsent(driver, DriverLoader::load);
  }

  private static Driver load(SourceDriver driver) {
    Path jar = Path.of(driver.jar());
    if (!Files.isRegularFile(jar)) {
      throw new RivetException(
          FailureKind.USER_CONFIG,
          JAR_KEY + ": file " + jar + " does not exist",
          "set " + JAR_KEY + " to the path of the driver's jar file");
    }
    URL url;
    try {
      url = jar.toUri().toURL();
    } catch (MalformedURLException e) {
      throw new RivetException(FailureKind.USER_CONFIG, JAR_KEY + ": " + e.getMessage(), "", e);
    }
    // The platform loader as parent: the jar does not see Rivet's pgjdbc or MariaDB driver.
    ClassLoader loader = new URLClassLoader(new URL[] {url}, ClassLoader.getPlatformClassLoader());
    Class<?> type;
    try {
      type = Class.forName(driver.className(), true, loader);
    } catch (ClassNotFoundException | LinkageError e) {
      List<String> declared = declaredDrivers(jar);
      throw new RivetException(
          FailureKind.USER_CONFIG,
          CLASS_KEY + ": class '" + driver.className() + "' is not in " + jar,
          declared.isEmpty()
              ? "set " + CLASS_KEY + " to the driver class its documentation names"
              : "the jar declares "
                  + String.join(", ", declared)
                  + "; set "
                  + CLASS_KEY
                  + " to it");
    }
    if (!Driver.class.isAssignableFrom(type)) {
      throw new RivetException(
          FailureKind.USER_CONFIG,
          CLASS_KEY + ": " + driver.className() + " in " + jar + " is not a java.sql.Driver",
          "set " + CLASS_KEY + " to the class that implements java.sql.Driver");
    }
    try {
      return (Driver) type.getConstructor().newInstance();
    } catch (ReflectiveOperationException e) {
      Throwable cause = e instanceof InvocationTargetException ? e.getCause() : e;
      throw new RivetException(
          FailureKind.USER_CONFIG,
          CLASS_KEY + ": cannot create " + driver.className() + ": " + cause,
          "the driver class needs a public constructor without arguments",
          cause);
    }
  }

  /** The classes the jar names in META-INF/services/java.sql.Driver. */
  private static List<String> declaredDrivers(Path jar) {
    try (JarFile file = new JarFile(jar.toFile())) {
      ZipEntry entry = file.getEntry("META-INF/services/java.sql.Driver");
      if (entry == null) {
        return List.of();
      }
      try (InputStream in = file.getInputStream(entry)) {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8)
            .lines()
            .map(String::strip)
            .filter(line -> !line.isEmpty() && !line.startsWith("#"))
            .toList();
      }
    } catch (IOException e) {
      return List.of();
    }
  }
}
