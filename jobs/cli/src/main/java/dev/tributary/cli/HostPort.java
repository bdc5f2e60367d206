package dev.tributary.cli;

/** A {@code HOST:PORT} option value. */
record HostPort(String host, int port) {

  /**
   * @throws IllegalArgumentException naming the option and the form it needs
   */
  static HostPort parse(String option, String text) {
    int colon = text.lastIndexOf(':');
    try {
      if (colon > 0) {
        int port = Integer.parseInt(text.substring(colon + 1));
        if (port > 0 && port < 65536) {
          return new HostPort(text.substring(0, colon), port);
        }
      }
    } catch (NumberFormatException notAPort) {
      // falls through to the message below
    }
    throw new IllegalArgumentException(
        option
            + " needs HOST:PORT with a port in 1..65535, e.g. 127.0.0.1:6379; got '"
            + text
            + "'");
  }

  @Override
  public String toString() {
    return host + ":" + port;
  }
}
