package dev.rivet.pipeline.quality;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Finds the keys that occur more than once among any number of keys, exactly, in bounded memory:
 * keys collect in memory until their estimated heap size reaches {@code bufferBytes}, are then
 * sorted and spilled to a run file in {@code spillDir}, and the runs are merged ({@value #FAN_IN}
 * at a time, in several passes when there are more) so that equal keys meet. Heap use is at most
 * {@code bufferBytes} of keys plus {@value #FAN_IN} read buffers of {@value #IO_BUFFER_BYTES}
 * bytes; disk use is about the keys' total size, twice during a multi-pass merge. Not thread-safe.
 */
final class KeySorter implements AutoCloseable {
  static final int FAN_IN = 64;
  static final int IO_BUFFER_BYTES = 64 * 1024;

  /** Heap bytes of a byte[] beyond its content, with the reference that holds it. */
  private static final int ARRAY_OVERHEAD = 16 + 8;

  private final long bufferBytes;
  private final Path spillDir;
  private final List<byte[]> buffer = new ArrayList<>();
  private final List<Path> runs = new ArrayList<>();
  private long buffered;
  private long keys;
  private int spills;

  KeySorter(long bufferBytes, Path spillDir) {
    if (bufferBytes < 1) {
      throw new IllegalArgumentException("bufferBytes must be >= 1, got " + bufferBytes);
    }
    this.bufferBytes = bufferBytes;
    this.spillDir = spillDir;
  }

  /** What the merge found. */
  record Duplicates(long keys, long duplicateRows, long duplicateKeys, List<byte[]> first) {}

  void add(byte[] key) {
    buffer.add(key);
    buffered += ARRAY_OVERHEAD + ((key.length + 7) & ~7);
    keys++;
    if (buffered >= bufferBytes) {
      spill();
    }
  }

  /** How many sorted runs went to disk so far. */
  int spills() {
    return spills;
  }

  /**
   * Every key added occurring more than once: how many rows repeat an earlier key, how many keys
   * repeat, and the first {@code limit} such keys in byte order.
   */
  Duplicates duplicates(int limit) {
    if (runs.isEmpty()) {
      buffer.sort(Arrays::compareUnsigned);
      Duplicates found = scan(new ListSource(buffer), limit);
      buffer.clear();
      return found;
    }
    spill();
    while (runs.size() > FAN_IN) {
      List<Path> group = new ArrayList<>(runs.subList(0, FAN_IN));
      runs.subList(0, FAN_IN).clear();
      Path merged = newRunFile();
      try (Merge merge = new Merge(group);
          DataOutputStream out = output(merged)) {
        for (byte[] key = merge.next(); key != null; key = merge.next()) {
          write(out, key);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      delete(group);
      runs.add(merged);
    }
    try (Merge merge = new Merge(runs)) {
      return scan(merge, limit);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Duplicates scan(KeySource sorted, int limit) {
    List<byte[]> first = new ArrayList<>();
    long duplicateRows = 0;
    long duplicateKeys = 0;
    byte[] previous = null;
    boolean counted = false;
    try {
      for (byte[] key = sorted.next(); key != null; key = sorted.next()) {
        if (previous != null && Arrays.equals(previous, key)) {
          duplicateRows++;
          if (!counted) {
            duplicateKeys++;
            counted = true;
            if (first.size() < limit) {
              first.add(key);
            }
          }
        } else {
          previous = key;
          counted = false;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new Duplicates(keys, duplicateRows, duplicateKeys, first);
  }

  private void spill() {
    if (buffer.isEmpty()) {
      return;
    }
    buffer.sort(Arrays::compareUnsigned);
    Path run = newRunFile();
    try (DataOutputStream out = output(run)) {
      for (byte[] key : buffer) {
        write(out, key);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    runs.add(run);
    buffer.clear();
    buffered = 0;
    spills++;
  }

  private Path newRunFile() {
    try {
      return Files.createTempFile(spillDir, "keys-", ".run");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static DataOutputStream output(Path file) throws IOException {
    return new DataOutputStream(
        new BufferedOutputStream(Files.newOutputStream(file), IO_BUFFER_BYTES));
  }

  private static void write(DataOutputStream out, byte[] key) throws IOException {
    out.writeInt(key.length);
    out.write(key);
  }

  private static void delete(List<Path> files) {
    for (Path file : files) {
      try {
        Files.deleteIfExists(file);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  @Override
  public void close() {
    buffer.clear();
    delete(runs);
    runs.clear();
  }

  /** Keys in ascending byte order; null when there are no more. */
  private interface KeySource {
    byte[] next() throws IOException;
  }

  private static final class ListSource implements KeySource {
    private final List<byte[]> keys;
    private int next;

    ListSource(List<byte[]> keys) {
      this.keys = keys;
    }

    @Override
    public byte[] next() {
      return next < keys.size() ? keys.get(next++) : null;
    }
  }

  /** The k-way merge of sorted run files. */
  private static final class Merge implements KeySource, AutoCloseable {
    private final List<DataInputStream> inputs = new ArrayList<>();
    private final PriorityQueue<Head> heads =
        new PriorityQueue<>((a, b) -> Arrays.compareUnsigned(a.key, b.key));

    private record Head(byte[] key, DataInputStream in) {}

    Merge(List<Path> runs) throws IOException {
      for (Path run : runs) {
        DataInputStream in =
            new DataInputStream(
                new BufferedInputStream(Files.newInputStream(run), IO_BUFFER_BYTES));
        inputs.add(in);
        advance(in);
      }
    }

    private void advance(DataInputStream in) throws IOException {
      int length;
      try {
        length = in.readInt();
      } catch (EOFException end) {
        return;
      }
      byte[] key = new byte[length];
      in.readFully(key);
      heads.add(new Head(key, in));
    }

    @Override
    public byte[] next() throws IOException {
      Head head = heads.poll();
      if (head == null) {
        return null;
      }
      advance(head.in);
      return head.key;
    }

    @Override
    public void close() throws IOException {
      IOException failure = null;
      for (DataInputStream in : inputs) {
        try {
          in.close();
        } catch (IOException e) {
          if (failure == null) {
            failure = e;
          } else {
            failure.addSuppressed(e);
          }
        }
      }
      if (failure != null) {
        throw failure;
      }
    }
  }
}
