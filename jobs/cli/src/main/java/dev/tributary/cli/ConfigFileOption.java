package dev.tributary.cli;

import dev.tributary.core.config.ConfigFileReader;
import dev.tributary.core.config.KafkaConnection;
import dev.tributary.core.config.SecretReferences;
import dev.tributary.core.config.TributaryConfig;
import dev.tributary.triton.client.TlsOptions;
import dev.tributary.triton.client.TritonClient;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * {@code --config FILE} (else {@code $TRIBUTARY_CONFIG}): the production connections of every job
 * command, read once ({@link ConfigFileReader}). The other option groups ({@link CatalogOptions},
 * {@link RedisAddressOptions}, {@link FlinkTarget}) find it through their command, so one rule
 * holds everywhere: a flag given on the command line wins over the file, the file over the
 * defaults.
 */
final class ConfigFileOption {
  /** The environment variable naming the file when {@code --config} is not given. */
  static final String ENVIRONMENT = "TRIBUTARY_CONFIG";

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description =
          "connections file (Kafka, Redis, catalog, Triton, Flink; secrets as $${env:NAME} or"
              + " $${file:PATH}); default: $TRIBUTARY_CONFIG. Flags override it; see"
              + " docs/configuration.md")
  Path file;

  private TributaryConfig loaded;

  /** The file's connections, or none when neither {@code --config} nor the variable is set. */
  TributaryConfig config() {
    if (loaded == null) {
      Path path = path(file, System::getenv);
      loaded = path == null ? TributaryConfig.empty() : ConfigFileReader.read(path);
    }
    return loaded;
  }

  /** The file to read: the flag, else the environment variable, else none. */
  static Path path(Path flag, Function<String, String> environment) {
    if (flag != null) {
      return flag;
    }
    String variable = environment.apply(ENVIRONMENT);
    return variable == null || variable.isBlank() ? null : Path.of(variable);
  }

  /**
   * The connections of the command {@code mixee}: through its {@code --config}, or from the
   * environment variable for a command without the option.
   */
  static TributaryConfig of(CommandSpec mixee) {
    for (CommandSpec mixin : mixee.mixins().values()) {
      if (mixin.userObject() instanceof ConfigFileOption option) {
        return option.config();
      }
    }
    return new ConfigFileOption().config();
  }

  /** Whether the user typed {@code option} on the command line (not just its default). */
  static boolean given(CommandSpec mixee, String option) {
    return mixee.commandLine() != null
        && mixee.commandLine().getParseResult() != null
        && mixee.commandLine().getParseResult().hasMatchedOption(option);
  }

  /**
   * Kafka as {@code --bootstrap-servers} (else {@code kafka.bootstrap-servers}) names it, with the
   * file's client properties; null when neither names brokers.
   */
  KafkaConnection kafka(String bootstrapServersFlag) {
    String servers =
        bootstrapServersFlag != null
            ? bootstrapServersFlag
            : config().text("kafka.bootstrap-servers").orElse(null);
    return servers == null
        ? null
        : new KafkaConnection(servers, config().properties("kafka.properties"));
  }

  /** The Triton endpoints: {@code --triton} flags, else {@code triton.endpoints}. */
  List<String> tritonEndpoints(List<String> flags) {
    return flags.isEmpty() ? config().list("triton.endpoints") : flags;
  }

  /**
   * A Triton client builder for the endpoints ({@link #tritonEndpoints}) with the file's TLS: on
   * with {@code triton.tls.enabled}, a CA, or a client certificate (mTLS).
   */
  TritonClient.Builder triton(List<String> flags) {
    TritonClient.Builder builder = TritonClient.builder().endpoints(tritonEndpoints(flags));
    TributaryConfig c = config();
    Optional<Path> ca = c.text("triton.tls.ca").map(Path::of);
    Optional<Path> cert = c.text("triton.tls.cert").map(Path::of);
    Optional<Path> key = c.text("triton.tls.key").map(Path::of);
    if (!(c.bool("triton.tls.enabled").orElse(false) || ca.isPresent() || cert.isPresent())) {
      return builder;
    }
    if (cert.isPresent() != key.isPresent()) {
      throw new IllegalArgumentException(
          c.source()
              + ": triton.tls.cert and triton.tls.key go together (mutual TLS): set both, or"
              + " neither for server-only TLS");
    }
    TlsOptions tls =
        cert.isPresent()
            ? TlsOptions.mutual(ca.orElse(null), cert.get(), key.get())
            : TlsOptions.trusting(ca.orElse(null));
    Optional<String> authority = c.text("triton.tls.authority");
    return builder.tls(authority.isPresent() ? tls.withAuthority(authority.get()) : tls);
  }

  /**
   * A secret given to a flag: only as a reference, since a value on the command line shows in
   * {@code ps} and the shell's history.
   */
  static String secretFlag(CommandSpec spec, String option, String value) {
    if (!SecretReferences.hasReference(value)) {
      throw new ParameterException(
          spec.commandLine(),
          option
              + " takes a reference, not the secret itself (a command line shows in ps and shell"
              + " history): write "
              + option
              + (option.endsWith("=") ? "" : " ")
              + "'${env:NAME}' or '${file:PATH}', or set it in --config");
    }
    try {
      return new SecretReferences(System::getenv).resolve(value);
    } catch (IllegalArgumentException unresolved) {
      throw new ParameterException(spec.commandLine(), option + ": " + unresolved.getMessage());
    }
  }
}
