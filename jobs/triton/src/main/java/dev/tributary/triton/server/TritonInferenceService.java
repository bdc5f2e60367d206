package dev.tributary.triton.server;

import dev.tributary.triton.protocol.CudaSharedMemoryRegisterRequest;
import dev.tributary.triton.protocol.CudaSharedMemoryRegisterResponse;
import dev.tributary.triton.protocol.CudaSharedMemoryStatusRequest;
import dev.tributary.triton.protocol.CudaSharedMemoryStatusResponse;
import dev.tributary.triton.protocol.CudaSharedMemoryUnregisterRequest;
import dev.tributary.triton.protocol.CudaSharedMemoryUnregisterResponse;
import dev.tributary.triton.protocol.GRPCInferenceServiceGrpc;
import dev.tributary.triton.protocol.LogSettingsRequest;
import dev.tributary.triton.protocol.LogSettingsResponse;
import dev.tributary.triton.protocol.ModelConfig;
import dev.tributary.triton.protocol.ModelConfigRequest;
import dev.tributary.triton.protocol.ModelConfigResponse;
import dev.tributary.triton.protocol.ModelInferRequest;
import dev.tributary.triton.protocol.ModelInferResponse;
import dev.tributary.triton.protocol.ModelInput;
import dev.tributary.triton.protocol.ModelMetadataRequest;
import dev.tributary.triton.protocol.ModelMetadataResponse;
import dev.tributary.triton.protocol.ModelOutput;
import dev.tributary.triton.protocol.ModelReadyRequest;
import dev.tributary.triton.protocol.ModelReadyResponse;
import dev.tributary.triton.protocol.ModelStatisticsRequest;
import dev.tributary.triton.protocol.ModelStatisticsResponse;
import dev.tributary.triton.protocol.ModelStreamInferResponse;
import dev.tributary.triton.protocol.RepositoryIndexRequest;
import dev.tributary.triton.protocol.RepositoryIndexResponse;
import dev.tributary.triton.protocol.RepositoryModelLoadRequest;
import dev.tributary.triton.protocol.RepositoryModelLoadResponse;
import dev.tributary.triton.protocol.RepositoryModelUnloadRequest;
import dev.tributary.triton.protocol.RepositoryModelUnloadResponse;
import dev.tributary.triton.protocol.ServerLiveRequest;
import dev.tributary.triton.protocol.ServerLiveResponse;
import dev.tributary.triton.protocol.ServerMetadataRequest;
import dev.tributary.triton.protocol.ServerMetadataResponse;
import dev.tributary.triton.protocol.ServerReadyRequest;
import dev.tributary.triton.protocol.ServerReadyResponse;
import dev.tributary.triton.protocol.SystemSharedMemoryRegisterRequest;
import dev.tributary.triton.protocol.SystemSharedMemoryRegisterResponse;
import dev.tributary.triton.protocol.SystemSharedMemoryStatusRequest;
import dev.tributary.triton.protocol.SystemSharedMemoryStatusResponse;
import dev.tributary.triton.protocol.SystemSharedMemoryUnregisterRequest;
import dev.tributary.triton.protocol.SystemSharedMemoryUnregisterResponse;
import dev.tributary.triton.protocol.TraceSettingRequest;
import dev.tributary.triton.protocol.TraceSettingResponse;
import dev.tributary.triton.tensor.Tensor;
import dev.tributary.triton.wire.ConfigTypes;
import dev.tributary.triton.wire.TensorMessages;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/**
 * The GRPCInferenceService of the local server: health, metadata, config, statistics, repository
 * control and inference over the {@link ModelRegistry}; trace and log settings kept as Triton keeps
 * them. Shared memory is answered as by Triton started with {@code --allow-client-shm=false}: no
 * region is ever registered, so status lists none and (un)registering is refused with Triton's
 * UNIMPLEMENTED message. Every RPC of the published service has an answer of its own here.
 */
final class TritonInferenceService extends GRPCInferenceServiceGrpc.GRPCInferenceServiceImplBase {

  static final String SERVER_NAME = "tributary-local-triton";
  static final String SERVER_VERSION = "0.1.0";

  /** Triton's answer to shared-memory (un)registration when client shared memory is off. */
  static final String CLIENT_SHM_DISABLED =
      "Client shared memory is disabled. Start the server with '--allow-client-shm=true' to"
          + " enable.";

  private final ModelRegistry registry;
  private final TraceSettings traceSettings = new TraceSettings();
  private final LogSettings logSettings = new LogSettings();

  TritonInferenceService(ModelRegistry registry) {
    this.registry = registry;
  }

  @Override
  public void serverLive(ServerLiveRequest request, StreamObserver<ServerLiveResponse> response) {
    answer(response, () -> ServerLiveResponse.newBuilder().setLive(true).build());
  }

  @Override
  public void serverReady(
      ServerReadyRequest request, StreamObserver<ServerReadyResponse> response) {
    answer(response, () -> ServerReadyResponse.newBuilder().setReady(true).build());
  }

  @Override
  public void modelReady(ModelReadyRequest request, StreamObserver<ModelReadyResponse> response) {
    answer(
        response,
        () -> {
          boolean ready;
          try {
            registry.resolve(request.getName(), request.getVersion());
            ready = true;
          } catch (InferenceError e) {
            ready = false;
          }
          return ModelReadyResponse.newBuilder().setReady(ready).build();
        });
  }

  @Override
  public void serverMetadata(
      ServerMetadataRequest request, StreamObserver<ServerMetadataResponse> response) {
    answer(
        response,
        () ->
            ServerMetadataResponse.newBuilder()
                .setName(SERVER_NAME)
                .setVersion(SERVER_VERSION)
                .addExtensions("model_repository")
                .addExtensions("model_configuration")
                .addExtensions("schedule_policy")
                .addExtensions("statistics")
                .build());
  }

  @Override
  public void modelMetadata(
      ModelMetadataRequest request, StreamObserver<ModelMetadataResponse> response) {
    answer(
        response,
        () -> {
          ModelConfig config =
              registry.resolve(request.getName(), request.getVersion()).model().config();
          ModelMetadataResponse.Builder out =
              ModelMetadataResponse.newBuilder()
                  .setName(config.getName())
                  .setPlatform(
                      config.getPlatform().isEmpty()
                          ? ModelConfigFile.ONNX_PLATFORM
                          : config.getPlatform());
          registry.loadedVersions(config.getName()).forEach(v -> out.addVersions(Long.toString(v)));
          boolean batched = config.getMaxBatchSize() > 0;
          for (ModelInput input : config.getInputList()) {
            out.addInputs(
                tensorMetadata(
                    input.getName(),
                    ConfigTypes.toElementType(input.getDataType()).wireName(),
                    input.getDimsList(),
                    batched));
          }
          for (ModelOutput output : config.getOutputList()) {
            out.addOutputs(
                tensorMetadata(
                    output.getName(),
                    ConfigTypes.toElementType(output.getDataType()).wireName(),
                    output.getDimsList(),
                    batched));
          }
          return out.build();
        });
  }

  @Override
  public void modelConfig(
      ModelConfigRequest request, StreamObserver<ModelConfigResponse> response) {
    answer(
        response,
        () ->
            ModelConfigResponse.newBuilder()
                .setConfig(
                    registry.resolve(request.getName(), request.getVersion()).model().config())
                .build());
  }

  @Override
  public void modelStatistics(
      ModelStatisticsRequest request, StreamObserver<ModelStatisticsResponse> response) {
    answer(
        response,
        () ->
            ModelStatisticsResponse.newBuilder()
                .addAllModelStats(registry.statistics(request.getName(), request.getVersion()))
                .build());
  }

  @Override
  public void repositoryIndex(
      RepositoryIndexRequest request, StreamObserver<RepositoryIndexResponse> response) {
    answer(
        response,
        () ->
            RepositoryIndexResponse.newBuilder()
                .addAllModels(registry.index(request.getReady()))
                .build());
  }

  @Override
  public void repositoryModelLoad(
      RepositoryModelLoadRequest request, StreamObserver<RepositoryModelLoadResponse> response) {
    answer(
        response,
        () -> {
          try {
            registry.load(request.getModelName());
          } catch (ModelConfigException e) {
            throw InferenceError.invalidArgument(
                "failed to load '" + request.getModelName() + "': " + e.getMessage());
          }
          return RepositoryModelLoadResponse.getDefaultInstance();
        });
  }

  @Override
  public void repositoryModelUnload(
      RepositoryModelUnloadRequest request,
      StreamObserver<RepositoryModelUnloadResponse> response) {
    answer(
        response,
        () -> {
          registry.unload(request.getModelName());
          return RepositoryModelUnloadResponse.getDefaultInstance();
        });
  }

  @Override
  public void traceSetting(
      TraceSettingRequest request, StreamObserver<TraceSettingResponse> response) {
    answer(
        response,
        () -> {
          String model = request.getModelName();
          if (!model.isEmpty()) {
            try {
              registry.resolve(model, "");
            } catch (InferenceError e) {
              throw InferenceError.invalidArgument("Request for unknown model : " + model);
            }
          }
          Map<String, List<String>> updates = new LinkedHashMap<>();
          request
              .getSettingsMap()
              .forEach((name, value) -> updates.put(name, value.getValueList()));
          TraceSettingResponse.Builder out = TraceSettingResponse.newBuilder();
          traceSettings
              .update(model, updates)
              .forEach(
                  (name, values) ->
                      out.putSettings(
                          name,
                          TraceSettingResponse.SettingValue.newBuilder()
                              .addAllValue(values)
                              .build()));
          return out.build();
        });
  }

  @Override
  public void logSettings(
      LogSettingsRequest request, StreamObserver<LogSettingsResponse> response) {
    answer(
        response,
        () ->
            LogSettingsResponse.newBuilder()
                .putAllSettings(logSettings.update(request.getSettingsMap()))
                .build());
  }

  @Override
  public void systemSharedMemoryStatus(
      SystemSharedMemoryStatusRequest request,
      StreamObserver<SystemSharedMemoryStatusResponse> response) {
    answer(
        response,
        () -> {
          if (!request.getName().isEmpty()) {
            throw InferenceError.notFound(
                "Unable to find system shared memory region: '" + request.getName() + "'");
          }
          return SystemSharedMemoryStatusResponse.getDefaultInstance();
        });
  }

  @Override
  public void systemSharedMemoryRegister(
      SystemSharedMemoryRegisterRequest request,
      StreamObserver<SystemSharedMemoryRegisterResponse> response) {
    response.onError(InferenceError.unimplemented(CLIENT_SHM_DISABLED).toStatus());
  }

  @Override
  public void systemSharedMemoryUnregister(
      SystemSharedMemoryUnregisterRequest request,
      StreamObserver<SystemSharedMemoryUnregisterResponse> response) {
    response.onError(InferenceError.unimplemented(CLIENT_SHM_DISABLED).toStatus());
  }

  @Override
  public void cudaSharedMemoryStatus(
      CudaSharedMemoryStatusRequest request,
      StreamObserver<CudaSharedMemoryStatusResponse> response) {
    answer(
        response,
        () -> {
          if (!request.getName().isEmpty()) {
            throw InferenceError.notFound(
                "Unable to find cuda shared memory region: '" + request.getName() + "'");
          }
          return CudaSharedMemoryStatusResponse.getDefaultInstance();
        });
  }

  @Override
  public void cudaSharedMemoryRegister(
      CudaSharedMemoryRegisterRequest request,
      StreamObserver<CudaSharedMemoryRegisterResponse> response) {
    response.onError(InferenceError.unimplemented(CLIENT_SHM_DISABLED).toStatus());
  }

  @Override
  public void cudaSharedMemoryUnregister(
      CudaSharedMemoryUnregisterRequest request,
      StreamObserver<CudaSharedMemoryUnregisterResponse> response) {
    response.onError(InferenceError.unimplemented(CLIENT_SHM_DISABLED).toStatus());
  }

  @Override
  public void modelInfer(ModelInferRequest request, StreamObserver<ModelInferResponse> response) {
    CompletableFuture<ModelInferResponse> result;
    try {
      result = infer(request);
    } catch (RuntimeException e) {
      response.onError(toStatus(e));
      return;
    }
    result.whenComplete(
        (answer, failure) -> {
          if (failure != null) {
            response.onError(toStatus(failure));
          } else {
            response.onNext(answer);
            response.onCompleted();
          }
        });
  }

  /**
   * Streaming inference: one response per request, errors reported in-stream as Triton does; the
   * stream ends once the client has finished sending and every answer is out.
   */
  @Override
  public StreamObserver<ModelInferRequest> modelStreamInfer(
      StreamObserver<ModelStreamInferResponse> responses) {
    return new StreamObserver<>() {
      private int pending;
      private boolean clientDone;

      @Override
      public void onNext(ModelInferRequest request) {
        synchronized (responses) {
          pending++;
        }
        CompletableFuture<ModelInferResponse> result;
        try {
          result = infer(request);
        } catch (RuntimeException e) {
          result = CompletableFuture.failedFuture(e);
        }
        result.whenComplete(
            (answer, failure) -> {
              ModelStreamInferResponse.Builder out = ModelStreamInferResponse.newBuilder();
              if (failure != null) {
                out.setErrorMessage(String.valueOf(toStatus(failure).getStatus().getDescription()));
              } else {
                out.setInferResponse(answer);
              }
              synchronized (responses) {
                responses.onNext(out.build());
                if (--pending == 0 && clientDone) {
                  responses.onCompleted();
                }
              }
            });
      }

      @Override
      public void onError(Throwable t) {
        // The client went away; nothing is left to answer.
      }

      @Override
      public void onCompleted() {
        synchronized (responses) {
          clientDone = true;
          if (pending == 0) {
            responses.onCompleted();
          }
        }
      }
    };
  }

  private CompletableFuture<ModelInferResponse> infer(ModelInferRequest request) {
    ServingVersion serving = registry.resolve(request.getModelName(), request.getModelVersion());
    ModelConfig config = serving.model().config();
    String version = Long.toString(serving.model().version());
    List<Tensor> inputs;
    try {
      inputs = TensorMessages.inputs(request);
    } catch (IllegalArgumentException e) {
      throw InferenceError.invalidArgument(
          "model '" + config.getName() + "' version " + version + ": " + e.getMessage());
    }
    List<String> requested = new ArrayList<>();
    request.getOutputsList().forEach(output -> requested.add(output.getName()));
    InferRequestCheck.Checked checked = InferRequestCheck.check(config, inputs, requested);
    checked.inputs().forEach(OrtTensors::checkFeedable);
    return serving
        .infer(checked)
        .thenApply(
            outputs -> {
              ModelInferResponse.Builder out =
                  ModelInferResponse.newBuilder()
                      .setModelName(config.getName())
                      .setModelVersion(version)
                      .setId(request.getId());
              TensorMessages.addRawOutputs(out, outputs);
              return out.build();
            });
  }

  private static ModelMetadataResponse.TensorMetadata tensorMetadata(
      String name, String datatype, List<Long> dims, boolean batched) {
    ModelMetadataResponse.TensorMetadata.Builder out =
        ModelMetadataResponse.TensorMetadata.newBuilder().setName(name).setDatatype(datatype);
    if (batched) {
      out.addShape(-1);
    }
    return out.addAllShape(dims).build();
  }

  private static <T> void answer(StreamObserver<T> response, Supplier<T> call) {
    T value;
    try {
      value = call.get();
    } catch (RuntimeException e) {
      response.onError(toStatus(e));
      return;
    }
    response.onNext(value);
    response.onCompleted();
  }

  private static io.grpc.StatusRuntimeException toStatus(Throwable failure) {
    Throwable cause =
        failure instanceof CompletionException && failure.getCause() != null
            ? failure.getCause()
            : failure;
    if (cause instanceof InferenceError error) {
      return error.toStatus();
    }
    if (cause instanceof IllegalArgumentException) {
      return Status.INVALID_ARGUMENT.withDescription(cause.getMessage()).asRuntimeException();
    }
    return Status.INTERNAL
        .withDescription(String.valueOf(cause))
        .withCause(cause)
        .asRuntimeException();
  }
}
