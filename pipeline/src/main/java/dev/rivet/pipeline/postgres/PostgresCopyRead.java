package dev.rivet.pipeline.postgres;

import dev.rivet.kernel.failure.FailureKind;
import dev.rivet.kernel.failure.RivetException;
import dev.rivet.pipeline.types.BinaryRead;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Arrays;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyOut;

/**
 * Streams a SELECT's rows with {@code COPY (SELECT ...) TO STDOUT (FORMAT binary)} through pgjdbc's
 * copy API, one CopyData message at a time (PostgreSQL sends each row in one message, the file
 * header with the first and the trailer in its own), so memory holds one row. A server error
 * mid-COPY surfaces as the {@link SQLException} with its SQLSTATE the JDBC path would see; the
 * caller aborts the connection on any failure, which ends the COPY on the server.
 */
record PostgresCopyRead() implements BinaryRead {
  private static final byte[] SIGNATURE = {
    'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xFF, '\r', '\n', 0
  };

  @Override
  public long read(Connection connection, String select, int columns, Consumer consumer)
      throws SQLException, IOException {
    CopyOut copy =
        connection
            .unwrap(PGConnection.class)
            .getCopyAPI()
            .copyOut("COPY (" + select + ") TO STDOUT (FORMAT binary)");
    CopyRow row = new CopyRow(columns);
    long rows = 0;
    boolean header = true;
    boolean trailer = false;
    byte[] message;
    while ((message = copy.readFromCopy()) != null) {
      int pos = header ? skipHeader(message) : 0;
      header = false;
      while (pos < message.length) {
        if (trailer) {
          throw malformed("data after the trailer");
        }
        if (message.length - pos < 2) {
          throw malformed("a row split across messages");
        }
        if (message[pos] == (byte) 0xFF && message[pos + 1] == (byte) 0xFF) {
          trailer = true;
          pos += 2;
          continue;
        }
        pos = row.parse(message, pos);
        consumer.accept(row);
        rows++;
      }
    }
    if (!trailer) {
      throw malformed("no trailer");
    }
    return rows;
  }

  /** The offset after the signature, flags and header extension. */
  private static int skipHeader(byte[] message) {
    if (message.length < SIGNATURE.length + 8
        || !Arrays.equals(message, 0, SIGNATURE.length, SIGNATURE, 0, SIGNATURE.length)) {
      throw malformed("no binary COPY signature");
    }
    int flags = PostgresBinaryValues.int32(message, SIGNATURE.length);
    if ((flags & 0xFFFF0000) != 0) {
      throw malformed("header flags " + Integer.toHexString(flags) + " (OIDs or unknown flags)");
    }
    int extension = PostgresBinaryValues.int32(message, SIGNATURE.length + 4);
    int pos = SIGNATURE.length + 8 + extension;
    if (extension < 0 || pos > message.length) {
      throw malformed("a header extension of " + extension + " bytes");
    }
    return pos;
  }

  static RivetException malformed(String problem) {
    return new RivetException(
        FailureKind.SOURCE_PERMANENT,
        "PostgreSQL's binary COPY stream is not in the expected format: " + problem,
        "set tuning.read_protocol to jdbc for this export, and report this with the server"
            + " version");
  }
}
