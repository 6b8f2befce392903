package dev.rivet.launcher.output;

import java.util.Locale;

/** Human formatting of counts, sizes and durations. */
public final class Numbers {
  private Numbers() {}

  public static String grouped(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  public static String bytes(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB"};
    double value = bytes;
    int unit = -1;
    while (value >= 1024 && unit < units.length - 1) {
      value /= 1024;
      unit++;
    }
    return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
  }

  public static String seconds(double seconds) {
    return String.format(Locale.ROOT, "%.1f s", seconds);
  }
}
