package dev.rivet.pipeline.read;

import java.io.IOException;
import java.sql.ResultSet;
import java.sql.SQLException;

/** Receives each row of a chunk while the cursor is on it; must not keep the ResultSet. */
@FunctionalInterface
public interface RowConsumer {
  void accept(ResultSet row) throws SQLException, IOException;
}
