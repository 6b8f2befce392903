package dev.rivet.kernel.source;

import java.io.Serializable;
import java.util.Objects;

/**
 * A user-supplied JDBC driver ({@code source.driver}): the {@link java.sql.Driver} class to load
 * from a jar file instead of the driver Rivet ships for the source's family.
 *
 * @param className the fully qualified name of a class implementing {@link java.sql.Driver}
 * @param jar the absolute path of the jar that holds it (and what it needs)
 */
public record SourceDriver(String className, String jar) implements Serializable {
  public SourceDriver {
    Objects.requireNonNull(className, "className");
    Objects.requireNonNull(jar, "jar");
  }
}
