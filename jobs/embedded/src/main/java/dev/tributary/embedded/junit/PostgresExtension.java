package dev.tributary.embedded.junit;

import dev.tributary.embedded.EmbeddedPostgres;

/**
 * An {@link EmbeddedPostgres} server per test class: {@code @RegisterExtension static final
 * PostgresExtension POSTGRES = new PostgresExtension();}
 */
public final class PostgresExtension extends ServiceExtension<EmbeddedPostgres> {

  @Override
  protected EmbeddedPostgres start() {
    return EmbeddedPostgres.start();
  }

  /** Creates an empty database and returns its JDBC URL; connect as {@link #user()}. */
  public String createDatabase(String name) {
    return service().createDatabase(name);
  }

  /** The superuser to connect as, without a password. */
  public String user() {
    return EmbeddedPostgres.USER;
  }
}
