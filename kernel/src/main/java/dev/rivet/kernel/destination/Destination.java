package dev.rivet.kernel.destination;

import java.io.Serializable;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where an export's files go, parsed from the {@code destination} an export spec carries: a local
 * directory, an S3 or GCS bucket and prefix, or standard output. It says how files are published
 * there: local files are renamed from an in-progress name, object-store objects are written once
 * under their final key (object stores cannot rename; Beam's rename there is copy + delete).
 */
public sealed interface Destination extends Serializable
    permits Destination.Local, Destination.S3, Destination.Gcs, Destination.Stdout {

  /** The destination string of standard output as export specs store it. */
  String STDOUT = "-";

  /**
   * Parses a destination as the config stores it in an export spec.
   *
   * @throws IllegalArgumentException for a bad bucket name or path template
   */
  static Destination parse(String destination) {
    if (destination.equals(STDOUT) || destination.equalsIgnoreCase("stdout")) {
      return new Stdout();
    }
    Matcher url = Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*)://([^/]*)(/.*)?").matcher(destination);
    if (url.matches()) {
      String scheme = url.group(1).toLowerCase(Locale.ROOT);
      if (scheme.equals("s3") || scheme.equals("gs")) {
        String bucket = url.group(2);
        checkBucket(scheme, bucket, destination);
        String path = url.group(3) == null ? "" : url.group(3);
        PathTemplate template = new PathTemplate(scheme + "://" + bucket + path);
        return scheme.equals("s3") ? new S3(bucket, template) : new Gcs(bucket, template);
      }
    }
    return new Local(new PathTemplate(destination));
  }

  /** Whether data files are written once under their final name, never renamed. */
  boolean writesInPlace();

  /**
   * The destination as export specs and stored plans write it; {@code parse(text())} gives an equal
   * destination.
   */
  default String text() {
    return template().text();
  }

  /** Where the run folders go, with placeholders; not for {@link Stdout}. */
  PathTemplate template();

  /** A local directory (a plain path; the config resolves {@code file:} URLs to one). */
  record Local(PathTemplate template) implements Destination {
    @Override
    public boolean writesInPlace() {
      return false;
    }
  }

  /** {@code s3://bucket/prefix}. */
  record S3(String bucket, PathTemplate template) implements Destination {
    @Override
    public boolean writesInPlace() {
      return true;
    }
  }

  /** {@code gs://bucket/prefix}. */
  record Gcs(String bucket, PathTemplate template) implements Destination {
    @Override
    public boolean writesInPlace() {
      return true;
    }
  }

  /** Standard output: one stream, no folder, no manifest file. */
  record Stdout() implements Destination {
    @Override
    public String text() {
      return STDOUT;
    }

    @Override
    public boolean writesInPlace() {
      return true;
    }

    @Override
    public PathTemplate template() {
      throw new IllegalStateException("standard output has no folder");
    }
  }

  private static void checkBucket(String scheme, String bucket, String destination) {
    if (bucket.contains("{") || bucket.contains("}")) {
      throw new IllegalArgumentException(
          "'"
              + destination
              + "': placeholders go in the prefix, not in the bucket name '"
              + bucket
              + "'");
    }
    if (!bucket.matches("[a-z0-9][a-z0-9._-]{1,220}[a-z0-9]")) {
      throw new IllegalArgumentException(
          "'"
              + destination
              + "': '"
              + bucket
              + "' is not a valid bucket name (3 to 63 lower-case letters, digits, '.' and '-',"
              + " starting and ending with a letter or digit); write "
              + scheme
              + "://BUCKET/PREFIX");
    }
  }
}
