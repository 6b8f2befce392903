package dev.rivet.launcher.script;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bin/rivet's JVM defaults (heap, collector, metaspace, direct memory), the user's options that
 * replace them, and its class-data-sharing archive, seen from inside the JVM it starts: the jar it
 * runs is a probe that prints the JVM's arguments, maximum heap and collectors.
 */
class LauncherScriptTest {
  private static final Path SCRIPT = Path.of("..", "bin", "rivet").toAbsolutePath().normalize();
  private static final long MIB = 1024 * 1024;

  @TempDir static Path probeDir;
  private static Path probeJar;

  @TempDir Path dir;

  /** The JVM's view of one start: its arguments, maximum heap and collector names. */
  record Jvm(int exitCode, List<String> arguments, long maxHeap, String collectors, String out) {}

  @BeforeAll
  static void buildProbe() throws IOException {
    Path source = probeDir.resolve("Probe.java");
    Files.writeString(
        source,
        "public class Probe {\n"
            + "  public static void main(String[] args) {\n"
            + "    for (String a : java.lang.management.ManagementFactory.getRuntimeMXBean()"
            + ".getInputArguments()) System.out.println(\"arg \" + a);\n"
            + "    System.out.println(\"maxHeap \" + Runtime.getRuntime().maxMemory());\n"
            + "    for (java.lang.management.GarbageCollectorMXBean gc :"
            + " java.lang.management.ManagementFactory.getGarbageCollectorMXBeans())"
            + " System.out.println(\"gc \" + gc.getName());\n"
            + "  }\n"
            + "}\n");
    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    assertThat(compiler.run(null, null, null, "-d", probeDir.toString(), source.toString()))
        .isZero();
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, "Probe");
    probeJar = probeDir.resolve("probe.jar");
    try (OutputStream file = Files.newOutputStream(probeJar);
        JarOutputStream jar = new JarOutputStream(file, manifest)) {
      jar.putNextEntry(new JarEntry("Probe.class"));
      jar.write(Files.readAllBytes(probeDir.resolve("Probe.class")));
      jar.closeEntry();
    }
  }

  @Test
  void shouldGiveTheJvmABoundedHeapAndTheThroughputCollectorByDefault() throws Exception {
    Jvm jvm = start(Map.of());

    assertThat(jvm.exitCode()).as(jvm.out()).isZero();
    assertThat(jvm.arguments())
        .contains(
            "-Xmx288m",
            "-XX:+UseParallelGC",
            "-XX:MaxMetaspaceSize=256m",
            "-XX:MaxDirectMemorySize=128m");
    assertThat(jvm.maxHeap()).isLessThanOrEqualTo(288 * MIB).isGreaterThan(200 * MIB);
    assertThat(jvm.collectors()).contains("PS Scavenge");
  }

  @Test
  void shouldLeaveTheHeapToTheUsersXmx() throws Exception {
    Jvm jvm = start(Map.of("RIVET_JAVA_OPTS", "-Xmx256m"));

    assertThat(jvm.exitCode()).as(jvm.out()).isZero();
    assertThat(jvm.arguments()).contains("-Xmx256m").doesNotContain("-Xmx288m");
    assertThat(jvm.maxHeap()).isLessThanOrEqualTo(256 * MIB);
  }

  @Test
  void shouldLeaveTheHeapToAPercentageInJavaToolOptions() throws Exception {
    Jvm jvm = start(Map.of("JAVA_TOOL_OPTIONS", "-XX:MaxRAMPercentage=5"));

    assertThat(jvm.exitCode()).as(jvm.out()).isZero();
    assertThat(jvm.arguments()).contains("-XX:MaxRAMPercentage=5").doesNotContain("-Xmx288m");
    assertThat(jvm.maxHeap())
        .isEqualTo(jvmMaxHeapWith("-XX:MaxRAMPercentage=5", "-XX:+UseParallelGC"));
  }

  @Test
  void shouldLeaveTheCollectorToTheUsersChoiceWithoutConflict() throws Exception {
    Jvm jvm = start(Map.of("RIVET_JAVA_OPTS", "-XX:+UseSerialGC -XX:MaxMetaspaceSize=300m"));

    assertThat(jvm.exitCode()).as(jvm.out()).isZero();
    assertThat(jvm.arguments())
        .contains("-Xmx288m", "-XX:+UseSerialGC", "-XX:MaxMetaspaceSize=300m")
        .doesNotContain("-XX:+UseParallelGC", "-XX:MaxMetaspaceSize=256m");
    assertThat(jvm.collectors()).contains("Copy");
  }

  @Test
  void shouldCompileWithC1OnlyForACommandKnownToBeShort() throws Exception {
    String c1 = "-XX:TieredStopAtLevel=1";
    for (String[] args :
        new String[][] {
          {"--help"}, {"plan", "-c", "x.yaml"}, {"--log-format", "json", "check"}, {"doctor"}
        }) {
      Jvm jvm = start(Map.of(), args);
      assertThat(jvm.exitCode()).as(jvm.out()).isZero();
      assertThat(jvm.arguments()).as(String.join(" ", args)).contains(c1);
    }
    for (String[] args :
        new String[][] {
          {"run", "-c", "x.yaml"},
          {"--log-format", "json", "run"},
          {"validate"},
          {"state", "export"}
        }) {
      Jvm jvm = start(Map.of(), args);
      assertThat(jvm.exitCode()).as(jvm.out()).isZero();
      assertThat(jvm.arguments()).as(String.join(" ", args)).doesNotContain(c1);
    }
    Jvm user = start(Map.of("RIVET_JAVA_OPTS", "-XX:-TieredCompilation"), "plan");
    assertThat(user.arguments()).contains("-XX:-TieredCompilation").doesNotContain(c1);
  }

  @Test
  void shouldCallOnTheOptimisingCompilerLaterForACommandThatMayMoveALargeTable() throws Exception {
    List<String> later =
        List.of(
            "-XX:Tier4InvocationThreshold=50000",
            "-XX:Tier4MinInvocationThreshold=6000",
            "-XX:Tier4CompileThreshold=150000",
            "-XX:Tier4BackEdgeThreshold=400000");
    for (String[] args :
        new String[][] {
          {"run", "-c", "x.yaml"},
          {"--log-format", "json", "run"},
          {"validate"},
          {"state", "export"}
        }) {
      Jvm jvm = start(Map.of(), args);
      assertThat(jvm.exitCode()).as(jvm.out()).isZero();
      assertThat(jvm.arguments()).as(String.join(" ", args)).containsAll(later);
    }
    for (String[] args : new String[][] {{"--help"}, {"plan", "-c", "x.yaml"}, {"check"}}) {
      Jvm jvm = start(Map.of(), args);
      assertThat(jvm.arguments()).as(String.join(" ", args)).noneMatch(a -> a.contains("Tier4"));
    }
    // The user's own compiler options replace all four.
    Jvm own = start(Map.of("RIVET_JAVA_OPTS", "-XX:Tier4InvocationThreshold=20000"), "run");
    assertThat(own.arguments())
        .contains("-XX:Tier4InvocationThreshold=20000")
        .doesNotContainAnyElementsOf(later);
    Jvm c1 = start(Map.of("RIVET_JAVA_OPTS", "-XX:TieredStopAtLevel=1"), "run");
    assertThat(c1.arguments())
        .contains("-XX:TieredStopAtLevel=1")
        .doesNotContainAnyElementsOf(later);
  }

  @Test
  void shouldRecordTheClassDataSharingArchiveOnARunAndMapItAfterwards() throws Exception {
    Path archive = dir.resolve("rivet.jsa");
    Path helpArchive = dir.resolve("rivet-help.jsa");
    Map<String, String> env = Map.of("RIVET_CDS", "on", "RIVET_CDS_ARCHIVE", archive.toString());

    Jvm first = start(env, "run");
    assertThat(first.exitCode()).as(first.out()).isZero();
    assertThat(first.arguments()).anyMatch(a -> a.startsWith("-XX:DumpLoadedClassList="));
    assertThat(archive).isNotEmptyFile();
    assertThat(helpArchive).isNotEmptyFile();
    // Nothing but the run's own output: the archives are built silently, and no list is left.
    assertThat(first.out().lines())
        .allMatch(l -> l.startsWith("arg ") || l.startsWith("maxHeap ") || l.startsWith("gc "));
    try (var files = Files.list(dir)) {
      assertThat(files.map(f -> f.getFileName().toString()))
          .containsExactlyInAnyOrder("rivet.jsa", "rivet-help.jsa");
    }

    Jvm second = start(env, "run");
    assertThat(second.exitCode()).as(second.out()).isZero();
    assertThat(second.arguments())
        .contains("-XX:SharedArchiveFile=" + archive, "-Xmx288m", "-XX:+UseParallelGC");

    // A command without a subcommand (--help, --version) maps the small archive.
    Jvm help = start(env);
    assertThat(help.exitCode()).as(help.out()).isZero();
    assertThat(help.arguments()).contains("-XX:SharedArchiveFile=" + helpArchive);
  }

  private Jvm start(Map<String, String> env, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("sh", SCRIPT.toString()));
    command.addAll(List.of(args.length == 0 ? new String[] {"--version"} : args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    Map<String, String> environment = builder.environment();
    environment.remove("JAVA_TOOL_OPTIONS");
    environment.remove("JDK_JAVA_OPTIONS");
    environment.remove("RIVET_JAVA_OPTS");
    environment.put("JAVA_HOME", System.getProperty("java.home"));
    environment.put("RIVET_JAR", probeJar.toString());
    environment.put("RIVET_CDS", "off");
    environment.putAll(env);
    Process process = builder.start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    List<String> arguments =
        out.lines().filter(l -> l.startsWith("arg ")).map(l -> l.substring(4)).toList();
    long maxHeap =
        out.lines()
            .filter(l -> l.startsWith("maxHeap "))
            .mapToLong(l -> Long.parseLong(l.substring(8)))
            .findFirst()
            .orElse(-1);
    String collectors =
        String.join(
            ",", out.lines().filter(l -> l.startsWith("gc ")).map(l -> l.substring(3)).toList());
    return new Jvm(process.exitValue(), arguments, maxHeap, collectors, out);
  }

  /** What a JVM started directly with these options reports as its maximum heap. */
  private static long jvmMaxHeapWith(String... options) throws Exception {
    List<String> command =
        new ArrayList<>(
            List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    command.addAll(List.of(options));
    command.addAll(List.of("-jar", probeJar.toString()));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().remove("JAVA_TOOL_OPTIONS");
    Process process = builder.start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return out.lines()
        .filter(l -> l.startsWith("maxHeap "))
        .mapToLong(l -> Long.parseLong(l.substring(8)))
        .findFirst()
        .orElseThrow();
  }
}
