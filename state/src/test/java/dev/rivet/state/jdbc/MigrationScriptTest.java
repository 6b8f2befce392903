package dev.rivet.state.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MigrationScriptTest {
  @Test
  void shouldIgnoreLineEndingsAndAByteOrderMarkInTheChecksumAsFlywayDoes() {
    int plain = MigrationScript.checksum("CREATE TABLE a (x INT);\nDROP TABLE a;\n");

    assertThat(MigrationScript.checksum("CREATE TABLE a (x INT);\r\nDROP TABLE a;\r\n"))
        .isEqualTo(plain);
    assertThat(MigrationScript.checksum("\uFEFFCREATE TABLE a (x INT);\nDROP TABLE a;"))
        .isEqualTo(plain);
    assertThat(MigrationScript.checksum("CREATE TABLE a (x INT);\nDROP TABLE b;\n"))
        .isNotEqualTo(plain);
  }

  @Test
  void shouldReadVersionAndDescriptionFromTheName() {
    MigrationScript script =
        MigrationScript.load(
            MigrationScript.class.getClassLoader(), "db/migration/sqlite", "V2__cursors.sql");

    assertThat(script.version()).isEqualTo("2");
    assertThat(script.description()).isEqualTo("cursors");
    assertThat(script.sql()).contains("CREATE TABLE cursors");
    assertThat(MigrationScript.version("V1_2__two_words.sql")).isEqualTo("1.2");
    assertThatThrownBy(() -> MigrationScript.version("U1__undo.sql"))
        .hasMessageContaining("is not named V<version>__<description>.sql");
  }
}
