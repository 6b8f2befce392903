package dev.rivet.launcher.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * A Flink 1.19 session cluster on localhost as two JVMs, a JobManager and one TaskManager, started
 * from flink-runtime's own entry points (flink-dist is not needed) with the test classpath and a
 * generated flink-conf.yaml. {@link #close} stops both.
 */
final class FlinkSessionCluster implements AutoCloseable {
  static final int SLOTS = 2;

  private final Path home;
  private final int restPort;
  private final List<Process> processes = new ArrayList<>();

  private FlinkSessionCluster(Path home, int restPort) {
    this.home = home;
    this.restPort = restPort;
  }

  /** Starts the cluster and returns once its REST endpoint reports a registered TaskManager. */
  static FlinkSessionCluster start(Path home, Duration timeout)
      throws IOException, InterruptedException {
    Path conf = Files.createDirectories(home.resolve("conf"));
    Path tmp = Files.createDirectories(home.resolve("tmp"));
    int restPort = freePort();
    Files.writeString(
        conf.resolve("flink-conf.yaml"),
        String.join(
            "\n",
            "jobmanager.rpc.address: localhost",
            "jobmanager.bind-host: localhost",
            "jobmanager.rpc.port: " + freePort(),
            "rest.address: localhost",
            "rest.bind-address: localhost",
            "rest.port: " + restPort,
            "taskmanager.host: localhost",
            "taskmanager.bind-host: localhost",
            "taskmanager.numberOfTaskSlots: " + SLOTS,
            // Without flink-dist's scripts (which compute these) a TaskManager needs every part
            // of its resource spec set explicitly; the JVM heap is framework + task heap.
            "taskmanager.cpu.cores: " + SLOTS,
            "taskmanager.memory.framework.heap.size: 128m",
            "taskmanager.memory.task.heap.size: 384m",
            "taskmanager.memory.framework.off-heap.size: 128m",
            "taskmanager.memory.task.off-heap.size: 0m",
            "taskmanager.memory.network.min: 64m",
            "taskmanager.memory.network.max: 64m",
            "taskmanager.memory.managed.size: 128m",
            "taskmanager.memory.jvm-metaspace.size: 256m",
            "taskmanager.memory.jvm-overhead.min: 128m",
            "taskmanager.memory.jvm-overhead.max: 128m",
            "jobmanager.memory.process.size: 768m",
            "parallelism.default: 1",
            "io.tmp.dirs: " + tmp,
            "web.tmpdir: " + tmp,
            "blob.storage.directory: " + tmp,
            ""));
    FlinkSessionCluster cluster = new FlinkSessionCluster(home, restPort);
    try {
      cluster.launch(
          "jobmanager",
          "512m",
          "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint",
          conf);
      cluster.launch(
          "taskmanager", "512m", "org.apache.flink.runtime.taskexecutor.TaskManagerRunner", conf);
      cluster.awaitTaskManager(timeout);
    } catch (IOException | InterruptedException | RuntimeException | Error e) {
      cluster.close();
      throw e;
    }
    return cluster;
  }

  /** The {@code --flink-master} value: the REST endpoint. */
  String master() {
    return "localhost:" + restPort;
  }

  /** {@code name -> state} of every job the cluster has run or is running. */
  Map<String, String> jobs() throws IOException, InterruptedException {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create("http://localhost:" + restPort + "/jobs/overview"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    Map<String, String> jobs = new TreeMap<>();
    for (JsonNode job : new ObjectMapper().readTree(response.body()).path("jobs")) {
      jobs.put(job.path("name").asText(), job.path("state").asText());
    }
    return jobs;
  }

  /** The last lines of both processes' logs, for failure messages. */
  String logs() {
    StringBuilder text = new StringBuilder();
    for (String name : List.of("jobmanager", "taskmanager")) {
      Path log = home.resolve(name + ".log");
      try {
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        text.append("--- ").append(name).append('\n');
        lines
            .subList(Math.max(0, lines.size() - 60), lines.size())
            .forEach(l -> text.append(l).append('\n'));
      } catch (IOException e) {
        text.append("--- ").append(name).append(": ").append(e).append('\n');
      }
    }
    return text.toString();
  }

  private void launch(String name, String maxHeap, String mainClass, Path conf) throws IOException {
    Path log = home.resolve(name + ".log");
    List<String> command =
        List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx" + maxHeap,
            "-cp",
            System.getProperty("java.class.path"),
            mainClass,
            "--configDir",
            conf.toString());
    processes.add(
        new ProcessBuilder(command)
            .directory(home.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start());
  }

  private void awaitTaskManager(Duration timeout) throws InterruptedException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    HttpRequest overview =
        HttpRequest.newBuilder(URI.create("http://localhost:" + restPort + "/overview"))
            .timeout(Duration.ofSeconds(5))
            .build();
    Instant deadline = Instant.now().plus(timeout);
    String last = "no answer";
    while (Instant.now().isBefore(deadline)) {
      for (Process p : processes) {
        if (!p.isAlive()) {
          throw new AssertionError("a Flink process exited with " + p.exitValue() + "\n" + logs());
        }
      }
      try {
        HttpResponse<String> response = http.send(overview, HttpResponse.BodyHandlers.ofString());
        last = response.statusCode() + " " + response.body();
        if (response.statusCode() == 200) {
          JsonNode body = new ObjectMapper().readTree(response.body());
          if (body.path("taskmanagers").asInt() >= 1 && body.path("slots-total").asInt() >= SLOTS) {
            return;
          }
        }
      } catch (IOException notUpYet) {
        last = notUpYet.toString();
      }
      // Polling the REST endpoint: there is no event to wait on from outside the cluster.
      TimeUnit.MILLISECONDS.sleep(500);
    }
    throw new AssertionError(
        "Flink cluster not ready within " + timeout + "; last /overview: " + last + "\n" + logs());
  }

  @Override
  public void close() throws InterruptedException {
    for (int i = processes.size() - 1; i >= 0; i--) {
      processes.get(i).destroy(); // TaskManager first, so it does not try to reconnect
    }
    for (Process p : processes) {
      if (!p.waitFor(20, TimeUnit.SECONDS)) {
        p.destroyForcibly().waitFor();
      }
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
