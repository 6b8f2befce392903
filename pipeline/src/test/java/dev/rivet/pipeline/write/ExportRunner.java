package dev.rivet.pipeline.write;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivet.kernel.plan.ExportPlan;
import dev.rivet.pipeline.types.JdbcRow;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.Properties;

/** Streams a query into a {@link ChunkFileWriter} the way a chunk read does. */
final class ExportRunner {
  private ExportRunner() {}

  static FinishedFile export(ExportPlan plan, String query, Path file)
      throws SQLException, IOException {
    return export(plan, query, file, new Properties());
  }

  static FinishedFile export(ExportPlan plan, String query, Path file, Properties driverProperties)
      throws SQLException, IOException {
    try (Connection connection = PostgresFixture.readSession(driverProperties);
        PreparedStatement statement = connection.prepareStatement(query)) {
      statement.setFetchSize(PostgresFixture.FETCH_SIZE);
      try (ResultSet rs = statement.executeQuery();
          ChunkFileWriter writer =
              ChunkFileWriters.open(plan, Files.newOutputStream(file), file.toString())) {
        while (rs.next()) {
          writer.writeRow(new JdbcRow(rs));
        }
        FinishedFile written = writer.finish();
        connection.rollback();
        return written;
      }
    }
  }

  /** Asserts the file's size and SHA-256 are what the writer reported. */
  static void assertDescribes(FinishedFile written, Path file, long rows) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    assertThat(written.rows()).isEqualTo(rows);
    assertThat(written.bytes()).isEqualTo(bytes.length);
    try {
      assertThat(written.sha256())
          .isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)));
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }
}
