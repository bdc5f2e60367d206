package dev.tributary.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A port chosen free can be taken by another process before the JobManager binds it: the JobManager
 * then exits, and the cluster is started again instead of failing the caller. Here the REST port is
 * held by this test until the first JobManager has exited on it.
 */
class ProcessFlinkClusterPortTest {

  @TempDir Path folder;

  @Test
  void aJobManagerThatFindsItsPortTakenIsStartedAgain() throws Exception {
    ServerSocket holder = new ServerSocket(0, 1, InetAddress.getByName("localhost"));
    int port = holder.getLocalPort();
    Path log = folder.resolve("log").resolve("jobmanager.log");
    CompletableFuture<Void> released =
        CompletableFuture.runAsync(
            () -> {
              try (holder) {
                while (!Files.isRegularFile(log)
                    || !Files.readString(log).contains("BindException")) {
                  Thread.sleep(50);
                }
              } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
              }
            });
    Configuration restPort = new Configuration();
    restPort.set(RestOptions.PORT, port);
    try (ProcessFlinkCluster cluster =
        ProcessFlinkCluster.builder(folder).taskManagers(1).configure(restPort).start()) {
      released.get(10, TimeUnit.SECONDS);
      assertTrue(holder.isClosed(), "the first JobManager found the port taken");
      assertEquals(port, cluster.restAddress().getPort());
      assertEquals(1, cluster.registeredTaskManagers().size());
    }
  }
}
