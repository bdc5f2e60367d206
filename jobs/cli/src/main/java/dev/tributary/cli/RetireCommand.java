package dev.tributary.cli;

import dev.tributary.core.registry.RegisteredView;
import dev.tributary.core.registry.RegistryApply;
import dev.tributary.flink.online.OnlineKeyPurge;
import dev.tributary.flink.online.RedisOptions;
import dev.tributary.flink.registry.RegistryStore;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code tributary retire VIEW@VERSION}: the jobs stop writing a view version at their next start
 * ({@link RegistryStore#retire}); its history table is kept. Its Redis sections (one per entity
 * key) stay for a grace period so readers still on it can move over; {@code --purge} removes the
 * sections of every version retired longer ago than the grace period.
 */
@Command(
    name = "retire",
    mixinStandardHelpOptions = true,
    description = {
      "Retire a view version: the materialize job stops writing it at its next start (restart it",
      "from a savepoint); its Iceberg history is kept. With --purge and --redis, remove the Redis",
      "sections of the versions retired more than --grace ago.",
      "Example: tributary retire origin_delays@1a2b3c4d; later: tributary retire --purge --redis r:6379"
    })
final class RetireCommand implements Callable<Integer> {
  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "VIEW@VERSION",
      description = "the view version to retire")
  String reference;

  @Mixin CatalogOptions catalog;
  @Mixin RedisAddressOptions redis;

  @Option(
      names = "--purge",
      description = "remove the Redis sections of versions retired more than --grace ago")
  boolean purge;

  @Option(
      names = "--grace",
      defaultValue = "PT1H",
      paramLabel = "DURATION",
      description = "how long retired sections stay in Redis (ISO-8601, default: ${DEFAULT-VALUE})")
  Duration grace;

  @Option(
      names = "--by",
      paramLabel = "NAME",
      description = "who retires, recorded in registry.applies (default: the user name)")
  String by = System.getProperty("user.name", "unknown");

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    RegistryStore store = new RegistryStore(catalog.config().open());
    if (reference != null) {
      RegistryApply apply = store.retire(reference, by, Instant.now());
      out.println(
          "retired "
              + reference
              + " (apply "
              + apply.applyId()
              + "): restart the materialize job from a savepoint to stop writing it; its Redis"
              + " sections stay until tributary retire --purge after "
              + grace);
    }
    if (purge) {
      RedisOptions options = redis.options();
      if (options == null) {
        throw new IllegalArgumentException("--purge needs --redis HOST:PORT");
      }
      long before = Instant.now().minus(grace).toEpochMilli();
      for (RegisteredView view : store.read().views()) {
        if (!view.live() && view.online() && view.retiredAt() <= before) {
          long removed = OnlineKeyPurge.remove(options, view.versionedName());
          out.println(
              "removed the Redis sections of " + view.reference() + " from " + removed + " keys");
        }
      }
    }
    if (reference == null && !purge) {
      throw new IllegalArgumentException("name the VIEW@VERSION to retire, or give --purge");
    }
    out.flush();
    return 0;
  }
}
