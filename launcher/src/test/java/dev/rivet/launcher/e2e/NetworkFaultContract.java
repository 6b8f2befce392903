package dev.rivet.launcher.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.rivet.launcher.e2e.NetworkNamespace.Fault;
import dev.rivet.state.ChunkError;
import dev.rivet.state.ChunkRecord;
import dev.rivet.state.StateLocation;
import dev.rivet.state.StateStore;
import dev.rivet.state.backends.StateStores;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Network faults between rivet and its source database, made by the test on a link it owns: rivet
 * runs in its own network namespace and reaches the database only through a veth pair (see {@link
 * NetworkNamespace}), which the test slows down, cuts, or (where the kernel has sch_netem) delays
 * with packet loss, each for a bounded time. Every case ends with exactly the source's rows in one
 * published run folder, directly or after a clean failure and a plain rerun.
 *
 * <p>A link cut for a few seconds is ridden out by TCP. A connection that dies in an outage is
 * noticed through TCP keepalive (which rivet turns on) or TCP's retransmission limit; the namespace
 * lowers both from Linux's defaults (2 h 11 min idle, about 15 min with unacknowledged data) to
 * seconds, so the test does not wait hours for what a production host does the same way.
 */
@Tag("slow")
@Timeout(420)
abstract class NetworkFaultContract {
  static final String TABLE = "rivet_net_" + ProcessHandle.current().pid();
  private static final List<String> COLUMNS = List.of("id", "qty", "note");

  /** About 3.5 MB on the wire: a few seconds of reading through {@link #PACE}. */
  private static final int ROWS = 40_000;

  /** A slow link: 256 kbit/s, packets queued longer than 200 ms dropped. */
  private static final String[] SLOW = {
    "tbf", "rate", "256kbit", "burst", "16kbit", "latency", "200ms"
  };

  /** Limits the link to 8 Mbit/s, so that a read lasts long enough to be cut midway. */
  private static final String[] PACE = {
    "tbf", "rate", "8mbit", "burst", "32kb", "latency", "400ms"
  };

  /** Cut once this much has been read: past planning, well before the last chunk's rows. */
  private static final long MID_READ_BYTES = 1 << 20;

  /** A dead peer is noticed after 2 s idle + 2 unanswered probes 1 s apart, or ~3 s of resends. */
  private static final String[] FAST_DEAD_PEER_DETECTION = {
    "net.ipv4.tcp_keepalive_time=2",
    "net.ipv4.tcp_keepalive_intvl=1",
    "net.ipv4.tcp_keepalive_probes=2",
    "net.ipv4.tcp_retries2=3"
  };

  @TempDir Path dir;
  private NetworkNamespace ns;
  private String throughLink;

  /** The JDBC URL of the test database, as the other tests of this database use it. */
  abstract String databaseUrl();

  /** The database's port when its URL names none. */
  abstract int defaultPort();

  /** The YAML {@code source:} block for {@code url}. */
  abstract String sourceYaml(String url);

  /** Creates {@link #TABLE} (id, qty, note; some notes NULL) with ids 1 to {@code rows}. */
  abstract void createTable(int rows) throws Exception;

  abstract void dropTable() throws Exception;

  /** {@code SELECT id, qty, note FROM} {@link #TABLE}, as {@link ExportedRows#query} gives it. */
  abstract List<String> sourceRows() throws Exception;

  @BeforeAll
  static void requireNetworkNamespaces() {
    NetworkNamespace.assumeSupported();
  }

  @BeforeEach
  void createLink() throws Exception {
    Matcher url = hostAndPort();
    String port = url.group(2) == null ? Integer.toString(defaultPort()) : url.group(2);
    ns = NetworkNamespace.create();
    String link = ns.forward(url.group(1), Integer.parseInt(port));
    throughLink = url.replaceFirst("//" + link + "$3");
  }

  @AfterEach
  void removeLinkAndTable() throws Exception {
    try {
      if (ns != null) {
        ns.close();
      }
    } finally {
      dropTable();
    }
  }

  @Test
  void shouldPublishExactlyTheSourceRowsThroughASlowLink() throws Exception {
    createTable(3_000);
    Path config = config("");

    Cli.Result run;
    try (Fault slow = ns.shape(Duration.ofSeconds(200), SLOW)) {
      run = await(start(config), Duration.ofSeconds(180));
    }

    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertExactlyTheSourcePublished();
  }

  @Test
  void shouldPublishExactlyTheSourceRowsWhenTheLinkIsCutForThreeSecondsMidRead() throws Exception {
    createTable(ROWS);
    // A chunk that opens its connection while the link is down fails at once (no route): at least
    // 4.5 s of backoff in all lets it connect once the link is back.
    Path config = config("    retries: {attempts: 6, backoff: 1s, max_backoff: 2s}\n");

    Cli.Result run;
    try (Fault paced = ns.shape(Duration.ofSeconds(300), PACE)) {
      Started rivet = start(config);
      ns.awaitTrafficIntoNamespace(MID_READ_BYTES, rivet.process(), Duration.ofSeconds(90));
      ns.cut(Duration.ofSeconds(3)); // comes back up by itself
      run = await(rivet, Duration.ofSeconds(90));
    }

    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertExactlyTheSourcePublished();
    // TCP resent what was lost once the link was back: no open connection broke mid-read. The only
    // failed attempts allowed are connections opened during the cut.
    assertThat(chunkErrors())
        .allSatisfy(
            e -> assertThat(e.message()).as("%s", e).startsWith("cannot connect to the source"));
  }

  @Test
  void shouldReadAChunkAgainWhenItsConnectionDiesInAnOutageTheRetriesOutlast() throws Exception {
    createTable(ROWS);
    ns.sysctl(FAST_DEAD_PEER_DETECTION);
    // At least 18.5 s of backoff in all: longer than the 15 s outage.
    Path config = config("    retries: {attempts: 20, backoff: 1s, max_backoff: 2s}\n");

    Cli.Result run;
    try (Fault paced = ns.shape(Duration.ofSeconds(300), PACE)) {
      Started rivet = start(config);
      ns.awaitTrafficIntoNamespace(MID_READ_BYTES, rivet.process(), Duration.ofSeconds(90));
      ns.cut(Duration.ofSeconds(15)); // comes back up by itself
      run = await(rivet, Duration.ofSeconds(120));
    }

    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertExactlyTheSourcePublished();
    List<ChunkRecord> chunks = chunks();
    assertThat(chunks).anySatisfy(c -> assertThat(c.attempts()).isGreaterThan(1));
    assertThat(chunkErrors())
        .isNotEmpty()
        .allSatisfy(e -> assertThat(e.errorClass()).isEqualTo("SOURCE_TRANSIENT"));
  }

  @Test
  void shouldFailCleanlyWhileTheLinkIsDownAndPublishExactlyTheSourceRowsOnAPlainRerun()
      throws Exception {
    createTable(ROWS);
    ns.sysctl(FAST_DEAD_PEER_DETECTION);
    Path config = config("");

    Cli.Result failed;
    try (Fault paced = ns.shape(Duration.ofSeconds(300), PACE)) {
      Started rivet = start(config);
      ns.awaitTrafficIntoNamespace(MID_READ_BYTES, rivet.process(), Duration.ofSeconds(90));
      try (Fault down = ns.cut(Duration.ofSeconds(150))) {
        failed = await(rivet, Duration.ofSeconds(120));
      }
    }

    assertThat(failed.exitCode()).as(failed.toString()).isEqualTo(4);
    // The last attempt ran while the link was down.
    assertThat(failed.err())
        .contains("rivet: error: cannot connect to the source")
        .contains("hint: check source host and port")
        .doesNotContain("\tat ");
    assertNothingPublished();

    Cli.Result rerun = await(start(config), Duration.ofSeconds(120));

    assertThat(rerun.exitCode()).as(rerun.toString()).isZero();
    assertThat(rerun.err()).contains("resuming unfinished run");
    assertExactlyTheSourcePublished();
  }

  @Test
  void shouldPublishExactlyTheSourceRowsOverALinkWithDelayAndPacketLoss() throws Exception {
    SystemCommand.Result netem = ns.probeQdisc("netem");
    assumeTrue(
        netem.exitCode() == 0,
        "this kernel has no sch_netem, so delay and loss cannot be made here (tc said: "
            + netem.output()
            + "); the case runs on kernels that have it");
    createTable(2_000);
    Path config = config("");

    Cli.Result run;
    try (Fault lossy =
        ns.shape(Duration.ofSeconds(200), "netem", "delay", "100ms", "20ms", "loss", "5%")) {
      run = await(start(config), Duration.ofSeconds(180));
    }

    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertExactlyTheSourcePublished();
  }

  private Matcher hostAndPort() {
    Matcher url = Pattern.compile("//([^/:?]+)(?::(\\d+))?(/.*)$").matcher(databaseUrl());
    if (!url.find()) {
      throw new IllegalStateException("no host in " + databaseUrl());
    }
    return url;
  }

  private Path config(String exportKeys) throws Exception {
    return Files.writeString(
        dir.resolve("rivet.yaml"),
        sourceYaml(throughLink)
            + "state: state.db\n"
            + "exports:\n"
            + "  - name: net\n"
            + "    table: "
            + TABLE
            + "\n"
            + "    format: csv\n"
            + "    compression: none\n"
            + "    destination: out\n"
            + "    chunk_rows: 10000\n"
            + "    parallelism: 2\n"
            + exportKeys);
  }

  /** A rivet run started in the namespace, with the files its output goes to. */
  private record Started(Process process, Path out, Path err) {}

  private Started start(Path config) throws Exception {
    Path out = Files.createTempFile(dir, "out", ".txt");
    Path err = Files.createTempFile(dir, "err", ".txt");
    return new Started(ns.startRivet(dir, out, err, "run", "-c", config.toString()), out, err);
  }

  /** Waits for rivet to end; a rivet that outlives {@code atMost} hangs, which is a failure. */
  private static Cli.Result await(Started rivet, Duration atMost) throws Exception {
    boolean ended = rivet.process().waitFor(atMost.toSeconds(), TimeUnit.SECONDS);
    if (!ended) {
      rivet.process().destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
    Cli.Result result =
        new Cli.Result(
            ended ? rivet.process().exitValue() : -1,
            Files.readString(rivet.out()),
            Files.readString(rivet.err()));
    if (!ended) {
      throw new AssertionError("rivet did not end within " + atMost + ": " + result);
    }
    return result;
  }

  private void assertExactlyTheSourcePublished() throws Exception {
    List<Path> runs = ExportedRows.runDirs(dir.resolve("out"), "net");
    assertThat(runs).as("run folders").hasSize(1);
    assertThat(runs.get(0).resolve("_SUCCESS")).exists();
    List<String> truth = sourceRows();
    List<String> exported = ExportedRows.csv(runs.get(0), COLUMNS);
    assertThat(exported).hasSameSizeAs(truth).isEqualTo(truth);
  }

  private void assertNothingPublished() throws Exception {
    try (Stream<Path> files = Files.walk(dir)) {
      assertThat(files.map(p -> p.getFileName().toString())).doesNotContain("_SUCCESS");
    }
  }

  private List<ChunkRecord> chunks() {
    try (StateStore store = openState()) {
      return store.chunks(store.runs(null, 1).get(0).runId());
    }
  }

  private List<ChunkError> chunkErrors() {
    try (StateStore store = openState()) {
      return store.chunkErrors(store.runs(null, 1).get(0).runId());
    }
  }

  private StateStore openState() {
    return StateStores.open(StateLocation.sqliteFile(dir.resolve("state.db")));
  }
}
