package dev.tributary.triton.models;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;

/**
 * The Hadoop configuration {@code s3a://} (or {@code hdfs://}) paths are opened with, by the
 * catalog's file IO (tributary-flink's {@code CatalogConfig}) and by model publishing: Hadoop's
 * defaults, a {@code core-site.xml} on the class path, then {@code $HADOOP_CONF_DIR/core-site.xml},
 * the same files Flink's own Hadoop file systems (checkpoints on {@code s3a://}) read, so one file
 * configures both. On AWS nothing is needed beyond the region: credentials come from the instance's
 * or pod's IAM role.
 *
 * <p>{@code file:} paths go through {@link LocalFileSystemWithoutForks} unless a file sets {@code
 * fs.file.impl}.
 */
public final class HadoopSettings {
  private HadoopSettings() {}

  public static Configuration load() {
    Configuration conf = new Configuration();
    String dir = System.getenv("HADOOP_CONF_DIR");
    if (dir != null && !dir.isBlank()) {
      Path coreSite = Path.of(dir, "core-site.xml");
      if (Files.isRegularFile(coreSite)) {
        conf.addResource(new org.apache.hadoop.fs.Path(coreSite.toUri()));
      }
    }
    conf.setIfUnset("fs.file.impl", LocalFileSystemWithoutForks.class.getName());
    return conf;
  }
}
