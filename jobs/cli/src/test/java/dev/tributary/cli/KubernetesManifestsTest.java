package dev.tributary.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.core.config.ConfigKey;
import dev.tributary.core.config.ConfigKeys;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.ClusterOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.HighAvailabilityOptions;
import org.apache.flink.runtime.util.EnvironmentInformation;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/**
 * deploy/kubernetes is valid and agrees with the code: Kubernetes objects through fabric8's typed
 * model with every field known, the FlinkDeployment against the fields the Flink Kubernetes
 * Operator documents, and the job's command line parsed by the CLI itself, with its endpoints the
 * Services of the manifests and its paths those of the Dockerfile.
 */
class KubernetesManifestsTest {
  private static final Path FOLDER = Checkout.root().resolve("deploy/kubernetes");
  private static final Path DOCKERFILE = Checkout.root().resolve("deploy/docker/Dockerfile");

  /** FlinkDeployment fields of the operator's CRD reference (flink.apache.org/v1beta1). */
  private static final Set<String> SPEC_FIELDS =
      Set.of(
          "image",
          "imagePullPolicy",
          "serviceAccount",
          "flinkVersion",
          "ingress",
          "podTemplate",
          "jobManager",
          "taskManager",
          "job",
          "restartNonce",
          "flinkConfiguration",
          "logConfiguration",
          "mode");

  private static final Set<String> JOB_FIELDS =
      Set.of(
          "jarURI",
          "parallelism",
          "entryClass",
          "args",
          "state",
          "savepointTriggerNonce",
          "initialSavepointPath",
          "checkpointTriggerNonce",
          "upgradeMode",
          "allowNonRestoredState",
          "savepointRedeployNonce",
          "autoscalerResetNonce");
  private static final Set<String> PROCESS_FIELDS = Set.of("resource", "replicas", "podTemplate");
  private static final Set<String> RESOURCE_FIELDS = Set.of("cpu", "memory", "ephemeralStorage");

  private static final ObjectMapper JSON =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);
  private static final Map<String, Class<? extends KubernetesResource>> KINDS =
      Map.of(
          "Namespace", Namespace.class,
          "ServiceAccount", ServiceAccount.class,
          "Role", Role.class,
          "RoleBinding", RoleBinding.class,
          "Deployment", Deployment.class,
          "Service", Service.class);

  private static final List<Map<String, Object>> documents = new ArrayList<>();
  private static final List<KubernetesResource> objects = new ArrayList<>();
  private static Map<String, Object> flinkDeployment;

  @BeforeAll
  static void load() throws IOException {
    try (Stream<Path> files = Files.list(FOLDER)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
        if (file.getFileName().toString().equals("kustomization.yaml")) {
          continue;
        }
        for (Object document : new Yaml().loadAll(Files.readString(file))) {
          @SuppressWarnings("unchecked")
          Map<String, Object> object = (Map<String, Object>) document;
          object.put("_file", file.getFileName().toString());
          documents.add(object);
        }
      }
    }
    for (Map<String, Object> document : documents) {
      String kind = (String) document.get("kind");
      if (kind.equals("FlinkDeployment")) {
        flinkDeployment = document;
        continue;
      }
      Class<? extends KubernetesResource> type = KINDS.get(kind);
      assertTrue(type != null, document.get("_file") + ": no typed check for kind " + kind);
      Map<String, Object> withoutFile = new java.util.LinkedHashMap<>(document);
      withoutFile.remove("_file");
      KubernetesResource typed = JSON.convertValue(withoutFile, type);
      assertNoUnknownFields(typed, document.get("_file") + " " + kind);
      objects.add(typed);
    }
    assertTrue(flinkDeployment != null, "a FlinkDeployment in " + FOLDER);
  }

  @Test
  void kustomizationAppliesEveryManifest() throws IOException {
    Map<String, Object> kustomization =
        new Yaml().load(Files.readString(FOLDER.resolve("kustomization.yaml")));
    Set<String> manifests = new TreeSet<>();
    documents.forEach(d -> manifests.add((String) d.get("_file")));
    assertEquals(manifests, new TreeSet<>(strings(kustomization.get("resources"))));
  }

  @Test
  void flinkDeploymentUsesOnlyFieldsTheOperatorDocuments() {
    Map<String, Object> spec = map(flinkDeployment.get("spec"));
    assertKnown(spec.keySet(), SPEC_FIELDS, "spec");
    assertKnown(map(spec.get("job")).keySet(), JOB_FIELDS, "spec.job");
    for (String process : List.of("jobManager", "taskManager")) {
      assertKnown(map(spec.get(process)).keySet(), PROCESS_FIELDS, "spec." + process);
      assertKnown(map(map(spec.get(process)).get("resource")).keySet(), RESOURCE_FIELDS, process);
    }
    Map<String, Object> template = new java.util.LinkedHashMap<>(map(spec.get("podTemplate")));
    assertNoUnknownFields(JSON.convertValue(template, Pod.class), "spec.podTemplate");
    assertTrue(
        map(spec.get("flinkConfiguration")).values().stream().allMatch(v -> v instanceof String),
        "the operator takes flinkConfiguration as strings: quote numbers and booleans");
    assertEquals(
        "v" + EnvironmentInformation.getVersion().replaceAll("^(\\d+)\\.(\\d+).*", "$1_$2"),
        spec.get("flinkVersion"),
        "flinkVersion of the Flink the jobs are built with");
    assertTrue(
        Set.of("stateless", "last-state", "savepoint")
            .contains(map(spec.get("job")).get("upgradeMode")));
    assertTrue(Set.of("running", "suspended").contains(map(spec.get("job")).get("state")));
  }

  @Test
  void flinkConfigurationIsWhatTheJobNeeds() throws IOException {
    Configuration config =
        Configuration.fromMap(
            (Map<String, String>)
                (Map<?, ?>) map(map(flinkDeployment.get("spec")).get("flinkConfiguration")));
    assertTrue(config.get(CheckpointingOptions.CHECKPOINTS_DIRECTORY).startsWith("s3://"));
    assertTrue(config.get(CheckpointingOptions.SAVEPOINT_DIRECTORY).startsWith("s3://"));
    assertEquals("kubernetes", config.get(HighAvailabilityOptions.HA_MODE));
    assertEquals(
        ClusterOptions.UserSystemExitMode.THROW,
        config.get(ClusterOptions.INTERCEPT_USER_SYSTEM_EXIT),
        "the CLI's System.exit must not end the JobManager");
    assertEquals(jvmOpens(), config.get(CoreOptions.FLINK_JVM_OPTIONS), "the root pom's jvm.opens");
  }

  @Test
  void theJobRunsTheCliWithOptionsItAccepts() throws IOException {
    Map<String, Object> spec = map(flinkDeployment.get("spec"));
    Map<String, Object> job = map(spec.get("job"));
    assertEquals(Tributary.class.getName(), job.get("entryClass"));
    assertEquals("local://" + dockerCopyTarget("jobs/cli/target/tributary.jar"), job.get("jarURI"));

    // The only argument is an @-file the pod mounts from the ConfigMap kustomize generates.
    List<String> args = strings(job.get("args"));
    assertEquals(1, args.size(), "args: " + args);
    Path argsFile = Path.of(args.get(0).substring(1));
    Map<String, Object> mount = firstMount(spec);
    assertEquals(argsFile.getParent().toString(), mount.get("mountPath"));
    Map<String, Object> configMap =
        map(((List<?>) kustomization().get("configMapGenerator")).get(0));
    assertEquals(List.of(argsFile.getFileName().toString()), strings(configMap.get("files")));
    assertEquals(configMap.get("name"), configMapOfVolume(spec, (String) mount.get("name")));

    ParseResult materialize = materializeArgs();
    assertEquals("materialize", materialize.commandSpec().name());
    assertEquals(
        dockerCopyTarget("feature-defs"),
        materialize.matchedPositionalValue(0, (Path) null).toString());
    assertEquals(
        job.get("parallelism"), materialize.matchedOptionValue("--parallelism", -1), "parallelism");
    String redis = materialize.matchedOptionValue("--redis", "");
    assertTrue(
        servicePorts().contains(redis),
        redis + " is a Service port of the manifests " + servicePorts());
    assertTrue(
        materialize
            .matchedOptionValue("--bootstrap-servers", "")
            .matches("[\\w.-]+:\\d+(,[\\w.-]+:\\d+)*"));
  }

  /**
   * No password is written in the manifests: every secret the job's command line takes (a secret
   * {@code --catalog-property}, {@code --redis-password}) is an {@code ${env:NAME}} reference, each
   * such variable comes from a key of a Secret made outside the folder, and kustomize generates no
   * Secret from committed files or literals.
   */
  @Test
  void secretsAreReferencesToASecretNeverLiteralValues() throws IOException {
    ParseResult materialize = materializeArgs();
    ConfigKey catalogProperties = ConfigKeys.find("catalog.properties.jdbc.password").orElseThrow();
    List<String> secrets = new ArrayList<>();
    Map<String, String> properties = materialize.matchedOptionValue("--catalog-property", Map.of());
    properties.forEach(
        (key, value) -> {
          if (catalogProperties.secret(catalogProperties.prefix() + key)) {
            secrets.add("--catalog-property " + key + "=" + value);
          }
        });
    String redisPassword = materialize.matchedOptionValue("--redis-password", null);
    if (redisPassword != null) {
      secrets.add("--redis-password " + redisPassword);
    }
    assertFalse(secrets.isEmpty(), "the catalog password is given");

    Map<String, EnvVar> environment = new TreeMap<>();
    Pod template =
        JSON.convertValue(map(flinkDeployment.get("spec")).get("podTemplate"), Pod.class);
    template
        .getSpec()
        .getContainers()
        .get(0)
        .getEnv()
        .forEach(v -> environment.put(v.getName(), v));
    Matcher reference = Pattern.compile("^[^=]*[ =]\\$\\{env:(\\w+)}$").matcher("");
    for (String secret : secrets) {
      assertTrue(
          reference.reset(secret).matches(), secret + ": a ${env:NAME} reference, not a value");
      EnvVar variable = environment.get(reference.group(1));
      assertTrue(variable != null, secret + ": the container sets " + reference.group(1));
      assertTrue(
          variable.getValue() == null && variable.getValueFrom().getSecretKeyRef() != null,
          secret + ": " + reference.group(1) + " comes from a Secret's key, not a value");
    }
    assertFalse(kustomization().containsKey("secretGenerator"), "no Secret from committed files");
  }

  @Test
  void everyServiceSelectsPodsAndNamesTheirPorts() {
    List<Deployment> deployments =
        objects.stream().filter(Deployment.class::isInstance).map(Deployment.class::cast).toList();
    for (Service service :
        objects.stream().filter(Service.class::isInstance).map(Service.class::cast).toList()) {
      Deployment target =
          deployments.stream()
              .filter(
                  d ->
                      d.getSpec()
                          .getTemplate()
                          .getMetadata()
                          .getLabels()
                          .entrySet()
                          .containsAll(service.getSpec().getSelector().entrySet()))
              .findFirst()
              .orElseThrow(
                  () ->
                      new AssertionError(
                          "Service " + service.getMetadata().getName() + " selects no pods"));
      Set<String> portNames = new TreeSet<>();
      target
          .getSpec()
          .getTemplate()
          .getSpec()
          .getContainers()
          .forEach(c -> c.getPorts().stream().map(ContainerPort::getName).forEach(portNames::add));
      for (ServicePort port : service.getSpec().getPorts()) {
        assertTrue(
            portNames.contains(port.getTargetPort().getStrVal()),
            service.getMetadata().getName()
                + " targets port "
                + port.getTargetPort()
                + " of "
                + portNames);
      }
    }
  }

  @Test
  void tritonRunsOnGpuNodesAndReadsTheModelRepositoryFromS3() {
    Deployment triton =
        objects.stream()
            .filter(Deployment.class::isInstance)
            .map(Deployment.class::cast)
            .filter(d -> d.getMetadata().getName().equals("triton"))
            .findFirst()
            .orElseThrow();
    var pod = triton.getSpec().getTemplate().getSpec();
    assertEquals("gpu", pod.getNodeSelector().get("tributary.dev/pool"));
    var container = pod.getContainers().get(0);
    assertTrue(container.getResources().getLimits().containsKey("nvidia.com/gpu"));
    assertTrue(
        container.getArgs().stream().anyMatch(a -> a.startsWith("--model-repository=s3://")));
    Map<String, Integer> ports = new java.util.HashMap<>();
    container.getPorts().forEach(p -> ports.put(p.getName(), p.getContainerPort()));
    assertEquals(
        Map.of("http", 8000, "grpc", 8001, "metrics", 8002), ports, "Triton's standard ports");
    assertTrue(
        objects.stream()
            .anyMatch(
                o ->
                    o instanceof ServiceAccount sa
                        && sa.getMetadata().getName().equals(pod.getServiceAccountName())));
  }

  @Test
  void nodePoolsAreTheOnesTerraformCreates() throws IOException {
    String terraform;
    try (Stream<Path> files = Files.walk(Checkout.root().resolve("terraform"))) {
      StringBuilder all = new StringBuilder();
      for (Path f : files.filter(f -> f.toString().endsWith(".tf")).toList()) {
        all.append(Files.readString(f));
      }
      terraform = all.toString();
    }
    for (Map<String, Object> document : documents) {
      Matcher pool =
          Pattern.compile("tributary.dev/pool=(\\w+)")
              .matcher(String.valueOf(document).replace(": ", "="));
      while (pool.find()) {
        assertTrue(
            terraform.contains("\"tributary.dev/pool\" = \"" + pool.group(1) + "\""),
            document.get("_file")
                + " schedules on pool "
                + pool.group(1)
                + ", which terraform/ does not label");
      }
    }
  }

  // --- helpers

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object value) {
    return (Map<String, Object>) value;
  }

  private static List<String> strings(Object value) {
    return ((List<?>) value).stream().map(String::valueOf).toList();
  }

  private static void assertKnown(Collection<String> fields, Set<String> known, String where) {
    Set<String> unknown = new TreeSet<>(fields);
    unknown.removeAll(known);
    assertTrue(unknown.isEmpty(), where + " has fields the operator does not document: " + unknown);
  }

  private static Map<String, Object> firstMount(Map<String, Object> spec) {
    Map<String, Object> container =
        map(((List<?>) map(map(spec.get("podTemplate")).get("spec")).get("containers")).get(0));
    assertEquals(
        "flink-main-container", container.get("name"), "the operator's name for Flink's container");
    return map(((List<?>) container.get("volumeMounts")).get(0));
  }

  private static Object configMapOfVolume(Map<String, Object> spec, String volume) {
    for (Object v : (List<?>) map(map(spec.get("podTemplate")).get("spec")).get("volumes")) {
      if (volume.equals(map(v).get("name"))) {
        return map(map(v).get("configMap")).get("name");
      }
    }
    throw new AssertionError("no volume " + volume);
  }

  private static Map<String, Object> kustomization() throws IOException {
    return new Yaml().load(Files.readString(FOLDER.resolve("kustomization.yaml")));
  }

  /** materialize.args as the CLI parses it. */
  private static ParseResult materializeArgs() {
    return new CommandLine(new Tributary())
        .parseArgs("@" + FOLDER.resolve("materialize.args"))
        .subcommand();
  }

  /** host:port of every Service port in the manifests. */
  private static Set<String> servicePorts() {
    Set<String> ports = new TreeSet<>();
    objects.stream()
        .filter(Service.class::isInstance)
        .map(Service.class::cast)
        .forEach(
            s ->
                s.getSpec()
                    .getPorts()
                    .forEach(p -> ports.add(s.getMetadata().getName() + ":" + p.getPort())));
    return ports;
  }

  /** Where the Dockerfile copies {@code source} to. */
  private static String dockerCopyTarget(String source) throws IOException {
    Matcher copy =
        Pattern.compile("(?m)^COPY " + Pattern.quote(source) + " (\\S+)$")
            .matcher(Files.readString(DOCKERFILE));
    assertTrue(copy.find(), "the Dockerfile copies " + source);
    return copy.group(1);
  }

  private static String jvmOpens() throws IOException {
    try (InputStream in =
        Tributary.class.getResourceAsStream("/dev/tributary/embedded/jvm-opens.txt")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
    }
  }

  /** Fails on any field fabric8 kept as "additional": a field Kubernetes does not know. */
  private static void assertNoUnknownFields(Object object, String where) {
    if (object == null || !object.getClass().getName().startsWith("io.fabric8")) {
      if (object instanceof Collection<?> items) {
        items.forEach(item -> assertNoUnknownFields(item, where));
      } else if (object instanceof Map<?, ?> entries) {
        entries.values().forEach(value -> assertNoUnknownFields(value, where));
      }
      return;
    }
    for (Method getter : object.getClass().getMethods()) {
      if (getter.getParameterCount() != 0
          || !getter.getName().startsWith("get")
          || getter.getDeclaringClass() == Object.class) {
        continue;
      }
      Object value;
      try {
        value = getter.invoke(object);
      } catch (ReflectiveOperationException e) {
        throw new AssertionError(e);
      }
      if (getter.getName().equals("getAdditionalProperties")) {
        assertTrue(
            ((Map<?, ?>) value).isEmpty(),
            where
                + ": unknown fields "
                + ((Map<?, ?>) value).keySet()
                + " in "
                + object.getClass().getSimpleName());
      } else {
        assertNoUnknownFields(value, where);
      }
    }
  }
}
