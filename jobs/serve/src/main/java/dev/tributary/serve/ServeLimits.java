package dev.tributary.serve;

/**
 * What one request may ask for: bounds that keep one caller from stalling Redis or the server for
 * everyone (a 10,000-entity request is one pipeline of 30,000 commands that every other request
 * waits behind on its connection).
 *
 * @param maxBodyBytes largest HTTP body and gRPC message accepted
 * @param maxEntities most entity rows per request
 */
public record ServeLimits(int maxBodyBytes, int maxEntities) {
  public static final ServeLimits DEFAULT = new ServeLimits(1 << 20, 1_000);

  public ServeLimits {
    if (maxBodyBytes < 1024 || maxEntities < 1) {
      throw new IllegalArgumentException(
          "limits need maxBodyBytes >= 1024 and maxEntities >= 1, got "
              + maxBodyBytes
              + " and "
              + maxEntities);
    }
  }
}
