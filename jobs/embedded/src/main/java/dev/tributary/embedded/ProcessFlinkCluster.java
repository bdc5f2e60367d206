package dev.tributary.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.flink.client.deployment.StandaloneClusterId;
import org.apache.flink.client.program.rest.RestClusterClient;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.runtime.rest.messages.EmptyMessageParameters;
import org.apache.flink.runtime.rest.messages.EmptyRequestBody;
import org.apache.flink.runtime.rest.messages.taskmanager.TaskManagerInfo;
import org.apache.flink.runtime.rest.messages.taskmanager.TaskManagersHeaders;

/**
 * A Flink session cluster of separate JVM processes on this machine: one JobManager ({@code
 * StandaloneSessionClusterEntrypoint}) and N TaskManagers ({@code TaskManagerRunner}), started from
 * a Maven-built classpath with the {@code config.yaml} of {@link SessionClusterConfig} in a folder
 * they all share.
 *
 * <p>Unlike {@link LocalFlinkCluster} (one JVM), a TaskManager here can die on its own: {@link
 * #killTaskManager(int)} sends SIGKILL, as a lost machine or an out-of-memory kill would, and
 * {@link #startTaskManager()} brings a replacement, as Kubernetes would restart its pod.
 *
 * <p>Tests close it (every process is killed, and a JVM shutdown hook does the same if a test never
 * gets there); {@code tributary cluster start} builds it with {@link
 * Builder#keepRunningAfterExit()} and {@code tributary cluster stop} ends the processes listed in
 * the folder's {@value #PIDS_FILE}.
 */
public final class ProcessFlinkCluster implements AutoCloseable {
  static final String PIDS_FILE = "cluster.pids";
  private static final Duration READY_TIMEOUT = Duration.ofMinutes(2);

  /** How often {@link Builder#start()} tries again when a chosen port was taken meanwhile. */
  private static final int START_ATTEMPTS = 3;

  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

  private final Path folder;
  private final Path conf;
  private final Configuration config;
  private final String classpath;
  private final Process jobManager;
  private final Map<String, Process> taskManagers = new LinkedHashMap<>();
  private final RestClusterClient<StandaloneClusterId> client;
  private final Thread shutdownHook;
  private int taskManagersStarted;

  private ProcessFlinkCluster(Builder builder) throws Exception {
    this.folder = builder.folder.toAbsolutePath();
    this.classpath = builder.classpath;
    this.config = SessionClusterConfig.defaults(folder, builder.slots);
    config.addAll(builder.overrides);
    this.conf = SessionClusterConfig.write(folder, config);
    this.shutdownHook =
        builder.keepRunning ? null : new Thread(this::destroyAll, "flink-processes-shutdown");
    if (shutdownHook != null) {
      Runtime.getRuntime().addShutdownHook(shutdownHook);
    }
    this.jobManager =
        launch(
            "jobmanager",
            FlinkProcessCommand.jobManager(config, conf, classpath, log("jobmanager.log")));
    this.client = new RestClusterClient<>(config, StandaloneClusterId.getInstance());
  }

  /** A cluster whose files (configuration, logs, checkpoints, savepoints) go in {@code folder}. */
  public static Builder builder(Path folder) {
    return new Builder(folder);
  }

  /** Options of a cluster; {@link #start()} returns once every TaskManager has registered. */
  public static final class Builder {
    private final Path folder;
    private int taskManagers = 2;
    private int slots = 1;
    private String classpath = defaultClasspath();
    private final Configuration overrides = new Configuration();
    private boolean keepRunning;

    private Builder(Path folder) {
      this.folder = folder;
    }

    /** Number of TaskManager processes (default 2). */
    public Builder taskManagers(int count) {
      if (count < 1) {
        throw new IllegalArgumentException("A cluster needs at least 1 TaskManager, got " + count);
      }
      this.taskManagers = count;
      return this;
    }

    /** Task slots per TaskManager (default 1). */
    public Builder slotsPerTaskManager(int slots) {
      if (slots < 1) {
        throw new IllegalArgumentException("A TaskManager needs at least 1 slot, got " + slots);
      }
      this.slots = slots;
      return this;
    }

    /** Classpath of the processes (default: this JVM's, which has Flink and the jobs' classes). */
    public Builder classpath(String classpath) {
      this.classpath = classpath;
      return this;
    }

    /** Entries of {@code config.yaml} that win over {@link SessionClusterConfig}'s defaults. */
    public Builder configure(Configuration entries) {
      overrides.addAll(entries);
      return this;
    }

    /** Leaves the processes running when this JVM exits ({@code tributary cluster start}). */
    public Builder keepRunningAfterExit() {
      this.keepRunning = true;
      return this;
    }

    /**
     * Starts the JobManager and the TaskManagers and waits until all have registered. The
     * JobManager's ports are free when chosen, but another process may take one before the
     * JobManager binds it (an outgoing connection gets its local port from the same range): a
     * JobManager that exits on a port already in use is started again on new free ports.
     */
    public ProcessFlinkCluster start() {
      for (int attempt = 1; ; attempt++) {
        ProcessFlinkCluster cluster;
        try {
          cluster = new ProcessFlinkCluster(this);
        } catch (Exception e) {
          throw new IllegalStateException("Cannot start a Flink cluster in " + folder, e);
        }
        try {
          for (int i = 0; i < taskManagers; i++) {
            cluster.launchTaskManager();
          }
          cluster.awaitRegistered(cluster.taskManagers.keySet());
          return cluster;
        } catch (RuntimeException e) {
          boolean portTaken = cluster.jobManagerFoundAPortTaken();
          cluster.close();
          if (attempt == START_ATTEMPTS || !portTaken) {
            throw e;
          }
        }
      }
    }
  }

  /** The classpath of this JVM; under Maven Surefire, the test classpath it hides in a jar. */
  private static String defaultClasspath() {
    return Optional.ofNullable(System.getProperty("surefire.test.class.path"))
        .orElse(System.getProperty("java.class.path"));
  }

  /** {@code http://localhost:port}: the REST API and web UI. */
  public URI restAddress() {
    return URI.create(
        "http://" + config.get(RestOptions.ADDRESS) + ":" + config.get(RestOptions.PORT));
  }

  /** {@code host:port} of the REST endpoint, what {@code --jobmanager} takes. */
  public String jobManagerAddress() {
    return config.get(RestOptions.ADDRESS) + ":" + config.get(RestOptions.PORT);
  }

  public Path folder() {
    return folder;
  }

  /** A REST client of this cluster, closed with it. */
  public RestClusterClient<StandaloneClusterId> client() {
    return client;
  }

  /** Resource ids of the TaskManager processes alive now, in start order. */
  public synchronized List<String> taskManagers() {
    return taskManagers.entrySet().stream()
        .filter(entry -> entry.getValue().isAlive())
        .map(Map.Entry::getKey)
        .toList();
  }

  /** The process of a TaskManager by resource id. */
  public synchronized ProcessHandle taskManagerProcess(String resourceId) {
    Process process = taskManagers.get(resourceId);
    if (process == null) {
      throw new IllegalArgumentException(
          "No TaskManager " + resourceId + "; known: " + taskManagers.keySet());
    }
    return process.toHandle();
  }

  /**
   * Kills a TaskManager with SIGKILL ({@code kill -9}): no shutdown, no goodbye to the JobManager.
   * Returns the exit code (137) once the process is gone.
   */
  public int killTaskManager(String resourceId) throws InterruptedException {
    Process process;
    synchronized (this) {
      process = taskManagers.get(resourceId);
    }
    if (process == null || !process.isAlive()) {
      throw new IllegalStateException("TaskManager " + resourceId + " is not running");
    }
    process.destroyForcibly();
    int exit = process.waitFor();
    writePids();
    return exit;
  }

  /**
   * Starts one more TaskManager and waits until the JobManager lists it; returns its resource id.
   */
  public String startTaskManager() {
    String id = launchTaskManager();
    awaitRegistered(Set.of(id));
    return id;
  }

  private synchronized String launchTaskManager() {
    String id = "taskmanager-" + (++taskManagersStarted);
    Process process =
        launch(id, FlinkProcessCommand.taskManager(config, conf, classpath, log(id + ".log"), id));
    taskManagers.put(id, process);
    writePids();
    return id;
  }

  private Process launch(String name, List<String> command) {
    try {
      Process process =
          new ProcessBuilder(command)
              .directory(folder.toFile())
              .redirectErrorStream(true)
              .redirectOutput(log(name + ".out").toFile())
              .start();
      if (name.equals("jobmanager")) {
        Files.writeString(folder.resolve(PIDS_FILE), "jobmanager " + process.pid() + "\n");
      }
      return process;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot start the Flink " + name + " process", e);
    }
  }

  private Path log(String name) {
    return folder.resolve("log").resolve(name);
  }

  /** Waits until the JobManager lists every TaskManager in {@code ids}; fails if a process dies. */
  private void awaitRegistered(Set<String> ids) {
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    Set<String> registered = Set.of();
    while (System.nanoTime() < deadline) {
      failIfDead("jobmanager", jobManager);
      for (String id : ids) {
        failIfDead(id, taskManagers.get(id));
      }
      registered = registeredTaskManagers();
      if (registered.containsAll(ids)) {
        return;
      }
      pause();
    }
    throw new IllegalStateException(
        "TaskManagers "
            + ids
            + " did not register with the JobManager at "
            + restAddress()
            + " within "
            + READY_TIMEOUT
            + " (registered: "
            + registered
            + "); see the logs in "
            + folder.resolve("log"));
  }

  /** Resource ids of the TaskManagers the JobManager lists; empty while REST is not up yet. */
  public Set<String> registeredTaskManagers() {
    return listedTaskManagers().stream()
        .map(TaskManagerInfo::getResourceId)
        .map(Object::toString)
        .collect(Collectors.toSet());
  }

  /** Free slots of the live TaskManagers, as the JobManager sees them. */
  public int availableSlots() {
    List<String> alive = taskManagers();
    return listedTaskManagers().stream()
        .filter(info -> alive.contains(info.getResourceId().toString()))
        .mapToInt(TaskManagerInfo::getNumberAvailableSlots)
        .sum();
  }

  private Collection<TaskManagerInfo> listedTaskManagers() {
    try {
      return client
          .sendRequest(
              TaskManagersHeaders.getInstance(),
              EmptyMessageParameters.getInstance(),
              EmptyRequestBody.getInstance())
          .get(10, TimeUnit.SECONDS)
          .getTaskManagerInfos();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while asking for TaskManagers", e);
    } catch (Exception notUpYet) {
      return List.of();
    }
  }

  private void failIfDead(String name, Process process) {
    if (!process.isAlive()) {
      throw new IllegalStateException(
          "The Flink "
              + name
              + " process exited with code "
              + process.exitValue()
              + "; the end of its log "
              + log(name + ".log")
              + ":\n"
              + tail(log(name + ".log"))
              + "\nits output:\n"
              + tail(log(name + ".out")));
    }
  }

  /** True when the JobManager has exited because a port it was given was in use. */
  private boolean jobManagerFoundAPortTaken() {
    return !jobManager.isAlive() && tail(log("jobmanager.log")).contains("java.net.BindException");
  }

  private static String tail(Path file) {
    try {
      List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    } catch (IOException e) {
      return "(cannot read " + file + ": " + e.getMessage() + ")";
    }
  }

  private static void pause() {
    try {
      Thread.sleep(200);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while waiting for the Flink cluster", e);
    }
  }

  /** Lists the live processes for {@link #stop(Path)}. */
  private synchronized void writePids() {
    StringBuilder pids = new StringBuilder("jobmanager " + jobManager.pid() + "\n");
    taskManagers.forEach(
        (id, process) -> {
          if (process.isAlive()) {
            pids.append(id).append(' ').append(process.pid()).append('\n');
          }
        });
    try {
      Files.writeString(folder.resolve(PIDS_FILE), pids);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + folder.resolve(PIDS_FILE), e);
    }
  }

  /** Kills every process of the cluster. */
  @Override
  public void close() {
    client.close();
    destroyAll();
    if (shutdownHook != null) {
      try {
        Runtime.getRuntime().removeShutdownHook(shutdownHook);
      } catch (IllegalStateException shuttingDown) {
        // the hook is running or has run
      }
    }
  }

  private synchronized void destroyAll() {
    List<Process> all = new ArrayList<>(taskManagers.values());
    if (jobManager != null) {
      all.add(jobManager);
    }
    all.forEach(Process::destroyForcibly);
    for (Process process : all) {
      try {
        process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /**
   * Stops the cluster started in {@code folder} by another JVM: SIGTERM to every process it lists
   * (Flink shuts down cleanly), SIGKILL to those still alive after 30 seconds. A listed pid that
   * now belongs to a process without this folder on its command line is left alone. Returns the
   * names of the processes stopped.
   */
  public static List<String> stop(Path folder) throws IOException, InterruptedException {
    Path pidsFile = folder.toAbsolutePath().resolve(PIDS_FILE);
    if (!Files.isRegularFile(pidsFile)) {
      throw new IllegalArgumentException(
          "No Flink cluster in " + folder + ": " + pidsFile + " does not exist");
    }
    String confDir = folder.toAbsolutePath().resolve("conf").toString();
    Map<String, ProcessHandle> running = new LinkedHashMap<>();
    for (String line : Files.readAllLines(pidsFile)) {
      String[] nameAndPid = line.trim().split(" ");
      if (nameAndPid.length == 2) {
        ProcessHandle.of(Long.parseLong(nameAndPid[1]))
            .filter(process -> process.info().commandLine().orElse("").contains(confDir))
            .ifPresent(process -> running.put(nameAndPid[0], process));
      }
    }
    running.values().forEach(ProcessHandle::destroy);
    long deadline = System.nanoTime() + STOP_TIMEOUT.toNanos();
    for (ProcessHandle process : running.values()) {
      long left = Math.max(0, deadline - System.nanoTime());
      try {
        process.onExit().get(left, TimeUnit.NANOSECONDS);
      } catch (Exception stillAlive) {
        process.destroyForcibly();
      }
    }
    Files.delete(pidsFile);
    return List.copyOf(running.keySet());
  }

  @Override
  public String toString() {
    return "Flink session cluster at "
        + restAddress()
        + " (JobManager RPC port "
        + config.get(JobManagerOptions.PORT)
        + ", TaskManagers "
        + taskManagers()
        + ", folder "
        + folder
        + ")";
  }
}
