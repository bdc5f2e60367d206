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

  static JobManagerAddress parse(String text) {
    int colon = text.lastIndexOf(':');
    if (colon <= 0 || colon == text.length() - 1) {
      throw new IllegalArgumentException(
          "--jobmanager takes HOST:PORT of the Flink REST endpoint (e.g. localhost:8081), got '"
              + text
              + "'");
    }
    try {
      return new JobManagerAddress(
          text.substring(0, colon), Integer.parseInt(text.substring(colon + 1)));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "--jobmanager port is not a number in '" + text + "'; give HOST:PORT", e);
    }
  }

  /** A REST client of the cluster; the caller closes it. */
  RestClusterClient<StandaloneClusterId> client() throws Exception {
    Configuration config = new Configuration();
    config.set(RestOptions.ADDRESS, host);
    config.set(RestOptions.PORT, port);
    return new RestClusterClient<>(config, StandaloneClusterId.getInstance());
  }

  @Override
  public String toString() {
    return host + ":" + port;
  }
}
