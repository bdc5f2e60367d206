package dev.tributary.cli;

import dev.tributary.triton.server.LocalTritonServer;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code tributary triton-local}: a server speaking Triton's gRPC protocol over a model repository,
 * running its ONNX models with ONNX Runtime, so scoring runs without a GPU or a Triton install.
 */
@Command(
    name = "triton-local",
    mixinStandardHelpOptions = true,
    description =
        "Serve a Triton model repository (config.pbtxt + ONNX versions) over Triton's gRPC protocol.")
final class TritonLocalCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--repository",
      defaultValue = "triton-models",
      paramLabel = "DIR",
      description = "model repository (default: ${DEFAULT-VALUE})")
  Path repository;

  @Option(
      names = "--port",
      defaultValue = "8001",
      description = "gRPC port, 0 for any free one (default: ${DEFAULT-VALUE})")
  int port;

  @Option(
      names = "--host",
      defaultValue = "127.0.0.1",
      description = "address to listen on (default: ${DEFAULT-VALUE})")
  String host;

  @Override
  public Integer call() throws Exception {
    CountDownLatch stopped = new CountDownLatch(1);
    try (LocalTritonServer server =
        LocalTritonServer.start(repository, new InetSocketAddress(host, port))) {
      Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown, "triton-local-stop"));
      spec.commandLine()
          .getOut()
          .printf(
              "local Triton server on %s:%d serving %s (Ctrl-C stops it)%n",
              host, server.port(), repository);
      spec.commandLine().getOut().flush();
      stopped.await();
    }
    return 0;
  }
}
