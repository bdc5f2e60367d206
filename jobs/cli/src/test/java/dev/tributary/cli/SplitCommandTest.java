package dev.tributary.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tributary.embedded.junit.KafkaExtension;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code tributary split set|show} against a real Kafka broker. */
class SplitCommandTest {
  @RegisterExtension static final KafkaExtension KAFKA = new KafkaExtension();

  private record Run(int exit, String out, String err) {}

  private static Run split(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    String[] line = new String[args.length + 5];
    line[0] = "split";
    System.arraycopy(args, 0, line, 1, args.length);
    line[args.length + 1] = "--bootstrap-servers";
    line[args.length + 2] = KAFKA.bootstrapServers();
    line[args.length + 3] = "--definitions";
    line[args.length + 4] = Checkout.root().resolve("feature-defs").toString();
    int exit = Tributary.run(new PrintWriter(out, true), new PrintWriter(err, true), line);
    return new Run(exit, out.toString(), err.toString());
  }

  @Test
  void setSplitsAreVersionedAndShownWithTheOneInForce() {
    Run show = split("show", "flight_delay_live");
    assertEquals(0, show.exit(), show.err());
    assertEquals("* flight_delay_live#0  1=90 2=10  from the start (definitions)\n", show.out());

    Run set =
        split(
            "set", "flight_delay_live", "1=50", "2=50", "--effective-from", "2001-01-11T00:00:00Z");
    assertEquals(0, set.exit(), set.err());
    assertTrue(
        set.out().startsWith("set flight_delay_live#1 (1=50 2=50, from 2001-01-11T00:00:00Z)"),
        set.out());
    assertEquals(
        0,
        split("set", "flight_delay_live", "1=100", "--effective-from", "2999-01-01T00:00:00Z")
            .exit());

    assertEquals(
        "  flight_delay_live#0  1=90 2=10  from the start (definitions)\n"
            + "* flight_delay_live#1  1=50 2=50  from 2001-01-11T00:00:00Z\n"
            + "  flight_delay_live#2  1=100  from 2999-01-01T00:00:00Z\n",
        split("show", "flight_delay_live").out());
  }

  @Test
  void badWeightsAreOneClearLine() {
    Run wrong = split("set", "flight_delay_live", "1=95", "2=10");
    assertEquals(2, wrong.exit());
    assertEquals(
        "traffic split weights must sum to 100 (they are percentages), but 1=95 2=10 sums to 105\n",
        wrong.err());
    Run unknown = split("set", "flight_delay_live", "1=50", "3=50");
    assertEquals(2, unknown.exit());
    assertEquals(1, unknown.err().lines().count(), unknown.err());
    assertTrue(unknown.err().contains("has no version [3]"), unknown.err());
    Run garbage = split("set", "flight_delay_live", "1:50");
    assertEquals(2, garbage.exit());
    assertEquals("'1:50' is not VERSION=WEIGHT with whole numbers, e.g. 2=10\n", garbage.err());
  }
}
