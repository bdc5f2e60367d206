package dev.tributary.triton.models;

import dev.tributary.triton.server.ModelConfigException;
import dev.tributary.triton.server.ModelRepository;
import java.io.IOException;
import java.net.URI;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.UnsupportedFileSystemException;

/**
 * Publishes model versions to a repository behind a Hadoop file system URI, such as the {@code
 * s3a://bucket/triton-models} that Triton on GPU nodes reads. Object stores have no atomic rename,
 * so the files of each version are uploaded first and config.pbtxt last; a Triton polling the
 * bucket may see a version before its last file, which is why the pipeline loads published versions
 * explicitly ({@code models load}). The same rule as {@link RepositoryPublisher} applies: a
 * published version is not overwritten without {@code replace}.
 *
 * <p>{@code s3a://} goes through hadoop-aws (in the default build); credentials and endpoint come
 * from the usual {@code fs.s3a.*} settings ({@link HadoopSettings}) or the environment.
 */
public final class HadoopRepositoryPublisher {

  private HadoopRepositoryPublisher() {}

  public static List<Long> publish(
      Path staging,
      String model,
      List<Long> versions,
      URI target,
      boolean replace,
      Configuration conf)
      throws IOException, ModelConfigException {
    Path source = staging.resolve(model);
    List<Long> chosen = RepositoryPublisher.versionsToPublish(staging, model, versions);
    FileSystem fs = fileSystem(target, conf);
    org.apache.hadoop.fs.Path destination =
        new org.apache.hadoop.fs.Path(new org.apache.hadoop.fs.Path(target), model);
    for (long version : chosen) {
      org.apache.hadoop.fs.Path to =
          new org.apache.hadoop.fs.Path(destination, Long.toString(version));
      if (!replace && fs.exists(to)) {
        throw new FileAlreadyExistsException(
            to.toString(),
            null,
            "version "
                + version
                + " is already published; publish a new version number or pass replace");
      }
      if (!Files.isRegularFile(
          source.resolve(Long.toString(version)).resolve(ModelRepository.DEFAULT_MODEL_FILE))) {
        throw new ModelConfigException(
            source.resolve(Long.toString(version)), "no model file to publish");
      }
    }
    for (long version : chosen) {
      org.apache.hadoop.fs.Path to =
          new org.apache.hadoop.fs.Path(destination, Long.toString(version));
      if (replace) {
        fs.delete(to, true);
      }
      Path from = source.resolve(Long.toString(version));
      try (Stream<Path> files = Files.walk(from)) {
        for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
          upload(fs, file, new org.apache.hadoop.fs.Path(to, from.relativize(file).toString()));
        }
      }
    }
    upload(
        fs,
        source.resolve("config.pbtxt"),
        new org.apache.hadoop.fs.Path(destination, "config.pbtxt"));
    return chosen;
  }

  /** Streams one file up; on object stores the object appears whole when the stream closes. */
  private static void upload(FileSystem fs, Path file, org.apache.hadoop.fs.Path target)
      throws IOException {
    try (FSDataOutputStream out = fs.create(target, true)) {
      Files.copy(file, out);
    }
  }

  /**
   * The file system of the URI; the local one without its .crc side files, which Triton does not
   * want.
   */
  private static FileSystem fileSystem(URI target, Configuration conf) throws IOException {
    FileSystem fs;
    try {
      fs = FileSystem.get(target, conf);
    } catch (UnsupportedFileSystemException e) {
      throw new IOException(
          "no Hadoop file system for "
              + target
              + " on the class path"
              + (target.getScheme().equals("s3a")
                  ? "; hadoop-aws and the AWS SDK's s3 module must be on the class path"
                  : ""),
          e);
    }
    return fs instanceof LocalFileSystem local ? local.getRaw() : fs;
  }
}
