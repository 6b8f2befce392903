import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.convert.GroupRecordConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.schema.MessageType;

/**
 * Prints every row of the given Parquet files, one line per row, values joined by '|' and a NULL
 * as {@code \N}, with parquet-java's own example reader (not Rivet's code), so that
 * .ci/release-check.sh can compare an export with its source. Strings print as text, integers as
 * numbers; other types print as parquet-java renders them. Run with the jar on the class path:
 * {@code java -cp lib/rivet.jar .ci/ParquetRows.java FILE...}.
 */
public class ParquetRows {
  public static void main(String[] args) throws Exception {
    for (String arg : args) {
      try (ParquetFileReader reader = ParquetFileReader.open(new LocalInputFile(Path.of(arg)))) {
        MessageType schema = reader.getFooter().getFileMetaData().getSchema();
        ColumnIOFactory factory = new ColumnIOFactory();
        PageReadStore rowGroup;
        while ((rowGroup = reader.readNextRowGroup()) != null) {
          RecordReader<Group> records =
              factory
                  .getColumnIO(schema)
                  .getRecordReader(rowGroup, new GroupRecordConverter(schema));
          for (long i = 0; i < rowGroup.getRowCount(); i++) {
            Group row = records.read();
            List<String> values = new ArrayList<>();
            for (int field = 0; field < schema.getFieldCount(); field++) {
              values.add(
                  row.getFieldRepetitionCount(field) == 0
                      ? "\\N"
                      : row.getValueToString(field, 0));
            }
            System.out.println(String.join("|", values));
          }
        }
      }
    }
  }
}
