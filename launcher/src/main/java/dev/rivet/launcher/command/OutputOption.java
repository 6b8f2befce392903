package dev.rivet.launcher.command;

import dev.rivet.launcher.audit.OutputFormat;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * The {@code --output text|json} option every command shares (not {@code metrics}, which also takes
 * prometheus, nor {@code completion}, which prints a script). JSON is one document on standard
 * output, shaped as docs/json.md says.
 */
final class OutputOption {
  @Option(
      names = "--output",
      paramLabel = "FORMAT",
      defaultValue = "text",
      converter = Converter.class,
      description = "text (default) or json: one document on standard output (docs/json.md).")
  OutputFormat format = OutputFormat.TEXT;

  boolean json() {
    return format == OutputFormat.JSON;
  }

  /** Parses {@code --output} with a clear list of valid values. */
  static final class Converter implements ITypeConverter<OutputFormat> {
    @Override
    public OutputFormat convert(String value) {
      try {
        return OutputFormat.parse(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }
}
