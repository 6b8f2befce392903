package dev.rivet.launcher.config;

import java.util.List;
import java.util.Objects;

/**
 * One key of {@code rivet.yaml}: its name, the shape of its value, the values it allows (for a
 * closed set), the section it holds (for a nested mapping) and a one-line description for editors.
 */
record ConfigKey(
    String name, ConfigKey.Kind kind, List<String> choices, ConfigSection section, String about) {

  /** The shape of a key's value, as the loader reads it. */
  enum Kind {
    /** Any single value, read as text. */
    TEXT,
    /** A whole number; {@code _} separators allowed. */
    INTEGER,
    /** A whole number, or the word {@code auto}. */
    INTEGER_OR_AUTO,
    /** A decimal number. */
    DECIMAL,
    /** A ratio: a decimal number or a percentage ({@code 50%}). */
    RATIO,
    /** A size: a number of bytes or a number with a unit ({@code 64MiB}). */
    BYTES,
    /**
     * A duration: a number of milliseconds or a number with a unit ({@code 30s}, {@code 2 days}).
     */
    DURATION,
    /** true/false (yes/no). */
    BOOLEAN,
    /** One of {@link ConfigKey#choices}, matched ignoring case. */
    CHOICE,
    /** One of {@link ConfigKey#choices} or a list of them. */
    CHOICES,
    /** A value or a list of values. */
    TEXT_OR_LIST,
    /** A list of column names, each item a name or a list of names (a composite key). */
    KEY_LIST,
    /** true/false, or a list of column names. */
    BOOLEAN_OR_LIST,
    /** A mapping of column names to ratios. */
    RATIO_MAP,
    /** A mapping of column names to output types ({@code int64}, {@code decimal(12,2)}, ...). */
    TYPE_MAP,
    /** A mapping of column names to lists of values. */
    LIST_MAP,
    /** A mapping with the keys of {@link ConfigKey#section}. */
    SECTION,
    /** A list of mappings, each with the keys of {@link ConfigKey#section}. */
    SECTION_LIST,
    /** A single value read as text, or a mapping with the keys of {@link ConfigKey#section}. */
    TEXT_OR_SECTION
  }

  ConfigKey {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(kind, "kind");
    choices = List.copyOf(choices);
    Objects.requireNonNull(about, "about");
    boolean nested =
        kind == Kind.SECTION || kind == Kind.SECTION_LIST || kind == Kind.TEXT_OR_SECTION;
    if (nested != (section != null)) {
      throw new IllegalArgumentException(name + ": a section is given exactly for SECTION kinds");
    }
    boolean closed = kind == Kind.CHOICE || kind == Kind.CHOICES;
    if (closed == choices.isEmpty()) {
      throw new IllegalArgumentException(name + ": choices are given exactly for CHOICE kinds");
    }
  }

  static ConfigKey of(String name, Kind kind, String about) {
    return new ConfigKey(name, kind, List.of(), null, about);
  }

  static ConfigKey choice(String name, List<String> choices, String about) {
    return new ConfigKey(name, Kind.CHOICE, choices, null, about);
  }

  static ConfigKey choices(String name, List<String> choices, String about) {
    return new ConfigKey(name, Kind.CHOICES, choices, null, about);
  }

  static ConfigKey section(String name, ConfigSection section, String about) {
    return new ConfigKey(name, Kind.SECTION, List.of(), section, about);
  }

  static ConfigKey textOrSection(String name, ConfigSection section, String about) {
    return new ConfigKey(name, Kind.TEXT_OR_SECTION, List.of(), section, about);
  }

  static ConfigKey sections(String name, ConfigSection section, String about) {
    return new ConfigKey(name, Kind.SECTION_LIST, List.of(), section, about);
  }
}
