import java.nio.file.Path;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.LocalInputFile;

/**
 * Prints the total row count of the given Parquet files, read from their footers. The benchmark
 * uses it to check Rivet's output independently of Rivet's own manifest. Run with the jar on the
 * class path: {@code java -cp launcher/target/rivet.jar bench/ParquetRowCount.java FILE...}.
 */
public class ParquetRowCount {
  public static void main(String[] args) throws Exception {
    long total = 0;
    for (String arg : args) {
      try (ParquetFileReader reader = ParquetFileReader.open(new LocalInputFile(Path.of(arg)))) {
        total += reader.getRecordCount();
      }
    }
    System.out.println(total);
  }
}
