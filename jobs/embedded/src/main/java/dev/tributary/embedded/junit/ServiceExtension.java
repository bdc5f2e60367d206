package dev.tributary.embedded.junit;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Starts a service before the tests that use it and closes it after them, even when a test or
 * another extension fails.
 *
 * <p>Registered on a {@code static} field, the service lives for the whole test class (the normal
 * case: starting Kafka or Flink per test method would dominate the run time). Registered on an
 * instance field, JUnit never calls the class-level callbacks, so the service lives for one test
 * method instead.
 *
 * @param <S> the service
 */
public abstract class ServiceExtension<S extends AutoCloseable>
    implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {

  private S service;
  private boolean perMethod;

  /** Starts the service; called once per test class (or per method, see above). */
  protected abstract S start() throws Exception;

  /** The running service. */
  public S service() {
    if (service == null) {
      throw new IllegalStateException(
          getClass().getSimpleName()
              + " is not running: register it with"
              + " @RegisterExtension on a field and use it only inside tests or @BeforeAll/@BeforeEach"
              + " methods that run after it");
    }
    return service;
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    service = start();
  }

  @Override
  public void beforeEach(ExtensionContext context) throws Exception {
    if (service == null) {
      service = start();
      perMethod = true;
    }
  }

  @Override
  public void afterEach(ExtensionContext context) throws Exception {
    if (perMethod) {
      stop();
    }
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    stop();
  }

  private void stop() throws Exception {
    S running = service;
    service = null;
    perMethod = false;
    if (running != null) {
      running.close();
    }
  }
}
