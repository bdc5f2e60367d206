package dev.tributary.cli;

import org.apache.flink.client.deployment.StandaloneClusterId;
import org.apache.flink.client.program.rest.RestClusterClient;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;

/**
 * The {@code HOST:PORT} of a Flink cluster's REST endpoint, as {@code --jobmanager} gives it: where
 * job commands submit ({@link FlinkTarget}) and what {@code tributary jobs} manages.
 */
record JobManagerAddress(String host, int port) {

  /** {@code --jobmanager HOST:PORT}, parsed by the one rule every address option uses. */
  static JobManagerAddress parse(String text) {
    HostPort address = HostPort.parse("--jobmanager", text);
    return new JobManagerAddress(address.host(), address.port());
  }

  /**
   * A REST client of the cluster with {@code settings} (REST TLS, timeouts: the configuration
   * file's {@code flink.properties}); the caller closes it.
   */
  RestClusterClient<StandaloneClusterId> client(Configuration settings) throws Exception {
    Configuration config = new Configuration(settings);
    config.set(RestOptions.ADDRESS, host);
    config.set(RestOptions.PORT, port);
    return new RestClusterClient<>(config, StandaloneClusterId.getInstance());
  }

  @Override
  public String toString() {
    return host + ":" + port;
  }
}
