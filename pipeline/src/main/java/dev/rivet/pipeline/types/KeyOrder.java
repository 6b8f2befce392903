package dev.rivet.pipeline.types;

import java.util.Collections;
import java.util.Comparator;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The order of a {@link LogicalKind#MAP} value's entries: by key, Unicode code point by code point
 * (the order of the keys' UTF-8 bytes, as Parquet compares binary values), so the same map is
 * always written as the same bytes whatever order the source sent its entries in.
 */
public final class KeyOrder {
  /** Compares keys by code point; a key that is a prefix of another comes first. */
  public static final Comparator<String> CODE_POINTS = KeyOrder::compare;

  private KeyOrder() {}

  /** An unmodifiable copy of {@code entries} in key order. */
  public static SortedMap<String, String> sorted(Map<String, String> entries) {
    TreeMap<String, String> sorted = new TreeMap<>(CODE_POINTS);
    sorted.putAll(entries);
    return Collections.unmodifiableSortedMap(sorted);
  }

  private static int compare(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int x = a.codePointAt(i);
      int y = b.codePointAt(j);
      if (x != y) {
        return Integer.compare(x, y);
      }
      i += Character.charCount(x);
      j += Character.charCount(y);
    }
    return Integer.compare(a.length() - i, b.length() - j);
  }
}
