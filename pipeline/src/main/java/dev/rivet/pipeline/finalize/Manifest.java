package dev.rivet.pipeline.finalize;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * The content of a run's {@code manifest.json}: what was read, how, and every file with its row
 * count, size and SHA-256. Written after all data files and before {@code _SUCCESS}. {@code
 * schema_fingerprint} is the SHA-256 of the run's columns ({@link
 * dev.rivet.kernel.schema.ExportSchema#fingerprint()}); manifests written before it lack it.
 *
 * @param metaColumns the lineage columns every file carries after {@code columns}, in file order;
 *     empty when the export adds none (manifests written before they existed lack the key)
 */
public record Manifest(
    @JsonProperty("manifest_version") int manifestVersion,
    @JsonProperty("run_id") String runId,
    @JsonProperty("export") String export,
    @JsonProperty("source") String source,
    @JsonProperty("format") String format,
    @JsonProperty("compression") String compression,
    @JsonProperty("planned_at") String plannedAt,
    @JsonProperty("published_at") String publishedAt,
    @JsonProperty("strategy") String strategy,
    @JsonProperty("split_key") String splitKey,
    @JsonProperty("rows") long rows,
    @JsonProperty("bytes") long bytes,
    @JsonProperty("warnings") Map<String, Long> warnings,
    @JsonProperty("columns") List<ManifestColumn> columns,
    @JsonProperty("files") List<ManifestFile> files,
    @JsonProperty("schema_fingerprint") String schemaFingerprint,
    @JsonProperty("meta_columns") List<ManifestMetaColumn> metaColumns)
    implements Serializable {

  /**
   * One lineage column: its name and type in the files; for {@code _rivet_row_hash} the source
   * columns it hashes, in hash order (null for the other lineage columns).
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record ManifestMetaColumn(
      @JsonProperty("name") String name,
      @JsonProperty("output_type") String outputType,
      @JsonProperty("hashed_columns") List<String> hashedColumns)
      implements Serializable {}

  /** One column: its name, the source's type, and the type it has in the files. */
  public record ManifestColumn(
      @JsonProperty("name") String name,
      @JsonProperty("source_type") String sourceType,
      @JsonProperty("nullable") boolean nullable,
      @JsonProperty("output_type") String outputType)
      implements Serializable {}

  /**
   * One data file; {@code name} is relative to the manifest's folder, {@code file} is its position
   * within its chunk (0 unless file rotation split the chunk; manifests before rotation lack it).
   */
  public record ManifestFile(
      @JsonProperty("name") String name,
      @JsonProperty("path") String path,
      @JsonProperty("chunk") int chunk,
      @JsonProperty("file") int file,
      @JsonProperty("range") String range,
      @JsonProperty("rows") long rows,
      @JsonProperty("bytes") long bytes,
      @JsonProperty("sha256") String sha256)
      implements Serializable {}
}
