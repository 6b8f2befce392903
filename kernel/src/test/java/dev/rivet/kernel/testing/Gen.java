package dev.rivet.kernel.testing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A source of random values of one kind for {@link PropertyCheck}. The number generators return
 * their bounds and the values next to them far more often than uniform sampling would, since that
 * is where arithmetic breaks.
 */
@FunctionalInterface
public interface Gen<T> {
  T next(SplittableRandom random);

  default <R> Gen<R> map(Function<? super T, ? extends R> mapper) {
    return random -> mapper.apply(next(random));
  }

  /** A generator that depends on this one's value, e.g. a maximum at least the minimum drawn. */
  default <R> Gen<R> flatMap(Function<? super T, Gen<R>> mapper) {
    return random -> mapper.apply(next(random)).next(random);
  }

  /**
   * Only values that pass {@code keep}; a generator that rarely passes is a bug in the test.
   *
   * @throws IllegalStateException after 10,000 values in a row were rejected
   */
  default Gen<T> filter(Predicate<? super T> keep) {
    return random -> {
      for (int i = 0; i < 10_000; i++) {
        T value = next(random);
        if (keep.test(value)) {
          return value;
        }
      }
      throw new IllegalStateException("the filter rejected 10,000 values in a row");
    };
  }

  /** Any long: often an edge ({@code MIN_VALUE}, -1, 0, 1, {@code MAX_VALUE}...) or small. */
  static Gen<Long> longs() {
    return longs(Long.MIN_VALUE, Long.MAX_VALUE);
  }

  /** A long in {@code [min, max]}: a quarter of the time a bound or its neighbour, or near 0. */
  static Gen<Long> longs(long min, long max) {
    if (min > max) {
      throw new IllegalArgumentException("min " + min + " > max " + max);
    }
    long[] edges = {
      min,
      max,
      min + (min < max ? 1 : 0),
      max - (min < max ? 1 : 0),
      clamp(0, min, max),
      clamp(1, min, max),
      clamp(-1, min, max)
    };
    return random -> {
      int pick = random.nextInt(8);
      if (pick == 0) {
        return edges[random.nextInt(edges.length)];
      }
      if (pick == 1) {
        return clamp(random.nextLong(-1000, 1001), min, max);
      }
      return uniform(random, min, max);
    };
  }

  /** An int in {@code [min, max]}, with the same bias as {@link #longs(long, long)}. */
  static Gen<Integer> ints(int min, int max) {
    return longs(min, max).map(Long::intValue);
  }

  /** A long in {@code [min, max]} whose magnitude is spread over all scales (1, 10, 1e6, 1e18). */
  static Gen<Long> scaled(long min, long max) {
    return random -> {
      long magnitude = 1L << random.nextInt(63);
      long value = random.nextLong(magnitude);
      long signed = random.nextBoolean() ? value : -value;
      return clamp(signed, min, max);
    };
  }

  static Gen<Boolean> booleans() {
    return SplittableRandom::nextBoolean;
  }

  @SafeVarargs
  static <T> Gen<T> of(T... values) {
    List<T> list = List.copyOf(Arrays.asList(values));
    return random -> list.get(random.nextInt(list.size()));
  }

  static <T> Gen<T> elements(List<T> values) {
    List<T> list = List.copyOf(values);
    return random -> list.get(random.nextInt(list.size()));
  }

  /** One of {@code gens}, each as likely. */
  @SafeVarargs
  static <T> Gen<T> oneOf(Gen<? extends T>... gens) {
    return random -> gens[random.nextInt(gens.length)].next(random);
  }

  /** Between {@code min} and {@code max} items. */
  static <T> Gen<List<T>> lists(Gen<T> item, int min, int max) {
    return random -> {
      int size = random.nextInt(min, max + 1);
      List<T> list = new ArrayList<>(size);
      for (int i = 0; i < size; i++) {
        list.add(item.next(random));
      }
      return list;
    };
  }

  /** Between {@code min} and {@code max} characters of {@code alphabet}. */
  static Gen<String> strings(String alphabet, int min, int max) {
    int[] chars = alphabet.codePoints().toArray();
    return random -> {
      int length = random.nextInt(min, max + 1);
      StringBuilder text = new StringBuilder();
      for (int i = 0; i < length; i++) {
        text.appendCodePoint(chars[random.nextInt(chars.length)]);
      }
      return text.toString();
    };
  }

  /**
   * Up to {@code max} UTF-16 units of any kind: controls, ASCII, letters of other scripts, emoji
   * (surrogate pairs), lone surrogates, BOMs and non-characters.
   */
  static Gen<String> unicode(int max) {
    return random -> {
      int length = random.nextInt(max + 1);
      StringBuilder text = new StringBuilder();
      while (text.length() < length) {
        switch (random.nextInt(6)) {
          case 0:
            text.append((char) random.nextInt(0x20));
            break;
          case 1:
          case 2:
            text.append((char) random.nextInt(0x20, 0x7f));
            break;
          case 3:
            text.appendCodePoint(random.nextInt(0xa0, 0xd800));
            break;
          case 4:
            text.appendCodePoint(random.nextInt(0x1f300, 0x1fa00));
            break;
          default:
            text.append(
                (char)
                    new int[] {0xd800, 0xdfff, 0xfeff, 0xfffe, 0xffff, 0x85, 0x2028}
                        [random.nextInt(7)]);
        }
      }
      return text.toString();
    };
  }

  private static long clamp(long value, long min, long max) {
    return Math.max(min, Math.min(max, value));
  }

  private static long uniform(SplittableRandom random, long min, long max) {
    if (min == Long.MIN_VALUE && max == Long.MAX_VALUE) {
      return random.nextLong();
    }
    if (max < Long.MAX_VALUE) {
      return random.nextLong(min, max + 1);
    }
    return random.nextLong(min - 1, max) + 1;
  }
}
