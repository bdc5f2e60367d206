package dev.tributary.embedded.junit;

import dev.tributary.embedded.EmbeddedS3;
import java.util.List;

/**
 * An {@link EmbeddedS3} server per test class with the given buckets: {@code @RegisterExtension
 * static final S3Extension S3 = new S3Extension("lake");}
 */
public final class S3Extension extends ServiceExtension<EmbeddedS3> {

  private final List<String> buckets;

  public S3Extension(String... buckets) {
    this.buckets = List.of(buckets);
  }

  @Override
  protected EmbeddedS3 start() {
    return EmbeddedS3.start(buckets);
  }

  /** {@code http://127.0.0.1:port}, for {@code fs.s3a.endpoint}. */
  public String endpoint() {
    return service().endpoint();
  }
}
