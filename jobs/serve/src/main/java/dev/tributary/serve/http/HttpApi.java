package dev.tributary.serve.http;

import dev.tributary.core.defs.FeatureRepository;
import dev.tributary.serve.BadRequestException;
import dev.tributary.serve.Readiness;
import dev.tributary.serve.RequestThreads;
import dev.tributary.serve.ServeException;
import dev.tributary.serve.ServeLimits;
import dev.tributary.serve.ServeMetrics;
import dev.tributary.serve.ServeMetrics.Outcome;
import dev.tributary.serve.features.FeatureService;
import dev.tributary.serve.predict.PredictionService;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.io.IOException;
import java.time.InstantSource;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP/JSON face of {@code tributary serve} on Javalin:
 *
 * <pre>
 *   POST /v1/features   features of entity rows     -> FeatureService (one Redis round trip)
 *   POST /v1/predict    predictions of entity rows  -> PredictionService (split, Triton, log)
 *   POST /v1/scorings/{name}/predict   the same, the scoring named by the path
 *   GET  /health        the process is up
 *   GET  /ready         Redis answers PING
 *   GET  /metrics       Prometheus text format
 * </pre>
 *
 * Every route is timed and counted by outcome; a bad request is a 400 (413 over a limit) with
 * {@code {"error": "..."}} naming the field, a service that is down a 503 with the reason, and
 * never a stack trace.
 */
public final class HttpApi implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(HttpApi.class);
  private static final String JSON = "application/json";

  private final Javalin app;

  /**
   * Starts listening.
   *
   * @param predictionsOrNull null when the server has no Triton: /v1/predict answers 503
   * @param clock the request time: the moment a request arrives
   * @param port 0 for any free port
   */
  public HttpApi(
      FeatureRepository repository,
      FeatureService features,
      PredictionService predictionsOrNull,
      Readiness readiness,
      ServeMetrics metrics,
      ServeLimits limits,
      InstantSource clock,
      String host,
      int port) {
    JsonRequests requests = new JsonRequests(limits);
    app =
        Javalin.create(
            config -> {
              config.startup.showJavalinBanner = false;
              config.startup.showOldJavalinVersionWarning = false;
              config.http.maxRequestSize = limits.maxBodyBytes();
              // the handlers plus Jetty's own acceptor and selector threads
              config.jetty.threadPool =
                  new QueuedThreadPool(
                      RequestThreads.HANDLERS + 4, RequestThreads.HANDLERS + 4, 60_000);
              config.routes.post(
                  "/v1/features",
                  timed(
                      "/v1/features",
                      metrics,
                      ctx -> {
                        long requestTime = clock.millis();
                        var query = requests.features(body(ctx, limits)).resolve(repository);
                        ctx.contentType(JSON)
                            .result(JsonAnswers.features(features.answer(query, requestTime)));
                      }));
              Handler predict =
                  ctx -> {
                    if (predictionsOrNull == null) {
                      throw new ServeException(
                          "this server has no inference server: start it with --triton HOST:PORT",
                          null);
                    }
                    long requestTime = clock.millis();
                    String fromPath =
                        ctx.pathParamMap().containsKey("name") ? ctx.pathParam("name") : null;
                    var call = requests.predict(body(ctx, limits), fromPath);
                    ctx.contentType(JSON)
                        .result(
                            JsonPredictions.write(
                                predictionsOrNull.predict(
                                    call.scoring(), call.entities(), requestTime)));
                  };
              config.routes.post("/v1/predict", timed("/v1/predict", metrics, predict));
              config.routes.post(
                  "/v1/scorings/{name}/predict",
                  timed("/v1/scorings/{name}/predict", metrics, predict));
              config.routes.get(
                  "/health",
                  timed(
                      "/health",
                      metrics,
                      ctx -> ctx.contentType(JSON).result("{\"status\":\"ok\"}")));
              config.routes.get(
                  "/ready",
                  timed(
                      "/ready",
                      metrics,
                      ctx -> {
                        String problem = readiness.problem();
                        if (problem != null) {
                          throw new ServeException(problem, null);
                        }
                        ctx.contentType(JSON).result("{\"status\":\"ready\"}");
                      }));
              config.routes.get(
                  "/metrics",
                  ctx -> ctx.contentType(ServeMetrics.contentType()).result(metrics.scrape()));
            });
    app.start(host, port);
  }

  public int port() {
    return app.port();
  }

  @Override
  public void close() {
    app.stop();
  }

  private static byte[] body(Context ctx, ServeLimits limits) {
    long length = ctx.contentLength();
    if (length > limits.maxBodyBytes()) {
      throw BadRequestException.tooLarge(
          "the body has "
              + length
              + " bytes, more than this server's limit of "
              + limits.maxBodyBytes()
              + ": split the request");
    }
    return ctx.bodyAsBytes();
  }

  /** The handler, timed and counted, with every failure turned into one JSON error. */
  private static Handler timed(String route, ServeMetrics metrics, Handler handler) {
    return ctx -> {
      long start = System.nanoTime();
      Outcome outcome = Outcome.OK;
      try {
        handler.handle(ctx);
      } catch (BadRequestException bad) {
        outcome = Outcome.BAD_REQUEST;
        fail(ctx, bad.tooLarge() ? 413 : 400, bad.getMessage());
      } catch (ServeException | IOException unavailable) {
        outcome = Outcome.UNAVAILABLE;
        fail(ctx, 503, unavailable.getMessage());
      } catch (InterruptedException stopping) {
        Thread.currentThread().interrupt();
        outcome = Outcome.UNAVAILABLE;
        fail(ctx, 503, "the server is stopping");
      } catch (RuntimeException bug) {
        outcome = Outcome.ERROR;
        LOG.error("{} failed", route, bug);
        fail(ctx, 500, "internal error: " + bug);
      } finally {
        metrics.record(route, "http", outcome, System.nanoTime() - start);
      }
    };
  }

  private static void fail(Context ctx, int status, String message) {
    ctx.status(status).contentType(JSON).result(JsonAnswers.error(message));
  }
}
