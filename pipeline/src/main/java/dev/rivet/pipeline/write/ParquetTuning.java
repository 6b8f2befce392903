package dev.rivet.pipeline.write;

import dev.rivet.kernel.plan.Compression;
import dev.rivet.pipeline.types.ColumnType;
import dev.rivet.pipeline.types.LogicalKind;
import java.util.ArrayList;
import java.util.List;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.codec.ZstandardCodec;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;

/**
 * The encoding settings of every Parquet file Rivet writes, chosen by measurement (see
 * docs/benchmarks.md): the same for every export, so files of one export are alike.
 */
final class ParquetTuning {
  /**
   * zstd level 1: on the benchmark table it took 10 % less writer CPU than parquet-java's default
   * level 3 and made smaller files; higher levels cost more CPU and were no smaller.
   */
  static final int ZSTD_LEVEL = 1;

  private ParquetTuning() {}

  /**
   * The encoding properties of a file.
   *
   * @param columns the written columns, in file order
   * @param splitKey the name of the split key column (unique), or null
   */
  static ParquetProperties.Builder properties(List<ColumnType> columns, String splitKey) {
    // Dictionaries only where they pay: off by default, on per variable-length column below.
    ParquetProperties.Builder builder =
        ParquetProperties.builder()
            .withDictionaryEncoding(false)
            // Plain fixed-width numbers without parquet-java's stream layers; the same bytes.
            .withValuesWriterFactory(new PlainNumberValuesWriter.Factory());
    for (ColumnType column : columns) {
      if (!column.name().equals(splitKey)) {
        for (String path : dictionaryPaths(column, column.name())) {
          builder = builder.withDictionaryEncoding(path, true);
        }
      }
    }
    // Per-page size statistics (Parquet 1.14+) are read by few engines and cost writer CPU; the
    // min/max statistics and the column index stay on.
    return builder.withSizeStatisticsEnabled(false);
  }

  /** The codec settings: the zstd level. */
  static ParquetConfiguration configuration(Compression compression) {
    ParquetConfiguration configuration = new PlainParquetConfiguration();
    if (compression == Compression.ZSTD) {
      configuration.set(ZstandardCodec.PARQUET_COMPRESS_ZSTD_LEVEL, Integer.toString(ZSTD_LEVEL));
    }
    return configuration;
  }

  /**
   * Whether a column (a list's innermost element, for a list) is written with a dictionary: only
   * text and bytes (Parquet BINARY), where repeated values are long and a dictionary shrinks them.
   * Parquet falls back to plain encoding by itself after the first page of a row group when the
   * dictionary does not make that page smaller, or when it outgrows 1 MiB, so a text column of
   * mostly distinct values pays for one page of dictionary per row group. Fixed-width values
   * (numbers, dates, timestamps, UUIDs, wide decimals) are written plain: zstd compresses their
   * repeats as well as a dictionary does, without the hashing per value.
   */
  static boolean dictionary(ColumnType column) {
    ColumnType leaf = column;
    while (leaf.kind() == LogicalKind.LIST) {
      leaf = leaf.element();
    }
    return leaf.parquetPrimitive() == PrimitiveTypeName.BINARY;
  }

  /**
   * The paths of the column's leaves written with a dictionary: {@link #dictionary} leaves, a map's
   * keys and values, and those of a struct's fields.
   */
  private static List<String> dictionaryPaths(ColumnType column, String path) {
    switch (column.kind()) {
      case MAP:
        // Keys repeat from row to row; values are text.
        String entry = path + "." + ParquetSchemas.MAP_GROUP + ".";
        return List.of(entry + ParquetSchemas.MAP_KEY, entry + ParquetSchemas.MAP_VALUE);
      case STRUCT:
        List<String> paths = new ArrayList<>();
        for (ColumnType field : column.fields()) {
          paths.addAll(dictionaryPaths(field, path + "." + field.name()));
        }
        return paths;
      case LIST:
        if (!dictionary(column)) {
          return List.of();
        }
        // One list level per array dimension down to the leaf.
        StringBuilder leaf = new StringBuilder(path);
        for (ColumnType t = column; t.kind() == LogicalKind.LIST; t = t.element()) {
          leaf.append('.').append(ParquetSchemas.LIST_GROUP).append('.');
          leaf.append(ParquetSchemas.LIST_ELEMENT);
        }
        return List.of(leaf.toString());
      default:
        return dictionary(column) ? List.of(path) : List.of();
    }
  }
}
