package dev.tributary.core.monitor.ab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tributary.core.monitor.WritableState;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The A/B looks' byte form: a state checkpointed by an earlier build restores into this one. */
class AbLooksTest {
  private static final long SEED = 20261206L;

  /**
   * Bytes of format 1 (alpha first, tests without the rejecting look's difference), written here
   * field by field from a look's results, restore into looks that go on exactly like the looks that
   * made them.
   */
  @Test
  void stateOfTheFirstFormatGoesOnLikeTheLooksThatWroteIt() throws IOException {
    Random random = new Random(SEED);
    AbLooks direct = new AbLooks(0.5, 0.05, 10);
    VersionQualities firstHour = sameModelHour(random);
    AbResult first = direct.look(firstHour).get(0);

    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeDouble(0.05);
      out.writeLong(10);
      firstHour.write(out);
      out.writeInt(1);
      out.writeUTF("2");
      out.writeUTF("1");
      out.writeUTF("2");
      out.writeDouble(0.05);
      out.writeLong(10);
      for (double p :
          new double[] {
            first.aucAlwaysValidP(), first.logLossAlwaysValidP(), first.accuracyAlwaysValidP()
          }) {
        out.writeDouble(AbTest.DEFAULT_TAU);
        out.writeDouble(p);
      }
    }
    AbLooks restored = WritableState.fromBytes(bytes.toByteArray(), AbLooks::read);
    for (int hour = 1; hour < 4; hour++) {
      VersionQualities next = sameModelHour(random);
      VersionQualities copy = WritableState.fromBytes(next.toBytes(), VersionQualities::read);
      List<AbResult> expected = direct.look(next);
      assertEquals(expected.toString(), restored.look(copy).toString(), "seed " + SEED);
    }
  }

  @Test
  void aNewerFormatIsRefusedWithItsNumber() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeDouble(-(AbLooks.FORMAT + 1));
    }
    UncheckedIOException error =
        assertThrows(
            UncheckedIOException.class,
            () -> WritableState.fromBytes(bytes.toByteArray(), AbLooks::read));
    assertEquals(
        "A/B test state of format 3 is newer than this build's format 2",
        error.getCause().getMessage());
  }

  /** An hour of two versions that are the same model: no winner, so no rejecting look. */
  private static VersionQualities sameModelHour(Random random) {
    VersionQualities hour = new VersionQualities(0.5);
    for (int i = 0; i < 300; i++) {
      for (String version : new String[] {"1", "2"}) {
        boolean label = random.nextDouble() < 0.3;
        double score = 1 / (1 + Math.exp(-(-1 + (label ? 1.2 : 0) + random.nextGaussian())));
        hour.add(version, score, label);
      }
    }
    return hour;
  }
}
