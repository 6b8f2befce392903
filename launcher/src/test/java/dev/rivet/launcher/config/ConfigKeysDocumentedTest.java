package dev.rivet.launcher.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every key the loader accepts (its own key lists, so a new key cannot be forgotten) appears in
 * examples/full.yaml and is named in the docs that describe its section.
 */
class ConfigKeysDocumentedTest {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  /** Each section's keys, by where the docs describe them. */
  private static Map<String, List<String>> keysByDoc() {
    Map<String, List<String>> keys = new LinkedHashMap<>();
    keys.put("root", ConfigLoader.ROOT_KEYS);
    keys.put("source", SourceReader.KEYS);
    keys.put("tls", ConfigKeys.TLS.names());
    keys.put("driver", ConfigKeys.DRIVER.names());
    keys.put("ssh", ConfigKeys.SSH.names());
    keys.put("exports", ExportReader.EXPORT_KEYS);
    keys.put("retries", ExportSettings.RETRY_KEYS);
    keys.put("tuning", ExportSettings.TUNING_KEYS);
    keys.put("cursor", ModeReader.CURSOR_KEYS);
    keys.put("chunk", ModeReader.CHUNK_KEYS);
    keys.put("window", ModeReader.WINDOW_KEYS);
    keys.put("meta_columns", MetaColumnsText.KEYS);
    keys.put("quality", QualityReader.QUALITY_KEYS);
    keys.put("notifications", NotificationsReader.KEYS);
    keys.put("slack", NotificationsReader.SLACK_KEYS);
    keys.put("webhook", NotificationsReader.WEBHOOK_KEYS);
    keys.put("s3", StorageReader.S3_KEYS);
    keys.put("gcs", StorageReader.GCS_KEYS);
    return keys;
  }

  @Test
  void fullExampleShouldShowEveryKeyTheLoaderAccepts() throws Exception {
    String full = Files.readString(ROOT.resolve("examples/full.yaml"));

    List<String> missing = new java.util.ArrayList<>();
    keysByDoc()
        .forEach(
            (section, keys) -> {
              for (String key : keys) {
                if (!Pattern.compile("(?m)^[ #-]*" + Pattern.quote(key) + ":")
                    .matcher(full)
                    .find()) {
                  missing.add(section + "." + key);
                }
              }
            });
    assertThat(missing).as("keys examples/full.yaml does not show").isEmpty();
  }

  @Test
  void docsShouldNameEveryKeyTheLoaderAccepts() throws Exception {
    String docs =
        Files.readString(ROOT.resolve("docs/configuration.md"))
            + Files.readString(ROOT.resolve("docs/destinations.md"))
            + Files.readString(ROOT.resolve("docs/modes.md"))
            + Files.readString(ROOT.resolve("docs/quality.md"))
            + Files.readString(ROOT.resolve("docs/lineage.md"));

    List<String> missing = new java.util.ArrayList<>();
    keysByDoc()
        .forEach(
            (section, keys) -> {
              for (String key : keys) {
                if (!Pattern.compile("`" + Pattern.quote(key) + "[`:]").matcher(docs).find()) {
                  missing.add(section + "." + key);
                }
              }
            });
    assertThat(missing).as("keys the docs do not name").isEmpty();
  }
}
