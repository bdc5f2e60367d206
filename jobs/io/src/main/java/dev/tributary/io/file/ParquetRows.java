package dev.tributary.io.file;

import dev.tributary.core.defs.Source;
import dev.tributary.core.records.ParseOutcome;
import dev.tributary.core.records.Provenance;
import dev.tributary.core.records.RecordRejection;
import dev.tributary.core.records.RowEncoder;
import dev.tributary.core.records.RowValidator;
import dev.tributary.core.records.TimestampRange;
import dev.tributary.core.types.Column;
import dev.tributary.core.types.RowSchema;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.MessageColumnIO;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Type;

/**
 * A Parquet file read one row group at a time (memory bounded by the largest row group, never the
 * file), only the source's columns. Fields are matched to columns by exact name; extra fields are
 * not read. A null value is a rejected record like any other; a missing field or an incompatible
 * type makes the file unreadable. Rejections name the 1-based row number in the file. It reads the
 * whole file, or one row group of it ({@link ParquetRowGroups}).
 */
final class ParquetRows implements RowSource {
  private final Path file;
  private final ParquetFileReader reader;
  private final RowValidator validator;

  /** A rejected row's values as JSON, its payload in the dead letters: Parquet has no text. */
  private final RowEncoder json;

  private final MessageColumnIO columnIO;
  private final ParquetRowMaterializer materializer;
  private RecordReader<Object[]> rowGroup;
  private long leftInGroup;
  private long rowNumber;

  /** The one row group to read, or -1 for all. */
  private final int onlyGroup;

  /** Row groups read so far (or skipped before {@link #onlyGroup}). */
  private int groupsDone;

  ParquetRows(Path file, Source source, TimestampRange plausible) throws IOException {
    this(file, source, plausible, -1);
  }

  /**
   * @param onlyGroup the index of the one row group to read (rows numbered as in the whole file),
   *     or -1 for every group
   */
  ParquetRows(Path file, Source source, TimestampRange plausible, int onlyGroup)
      throws IOException {
    this.file = file;
    this.onlyGroup = onlyGroup;
    this.validator = new RowValidator(source, plausible);
    this.json = new RowEncoder(source.schema());
    this.reader = ParquetFileReader.open(new LocalInputFile(file));
    try {
      MessageType fileSchema = reader.getFooter().getFileMetaData().getSchema();
      RowSchema schema = source.schema();
      List<Type> fields = new ArrayList<>();
      List<Column> columns = new ArrayList<>();
      int[] targets = new int[schema.size()];
      for (Type field : fileSchema.getFields()) {
        int index = schema.indexOf(field.getName()).orElse(-1);
        if (index < 0) {
          continue;
        }
        if (!field.isPrimitive() || field.isRepetition(Type.Repetition.REPEATED)) {
          throw new EventFileException(
              file
                  + ": column '"
                  + field.getName()
                  + "' is "
                  + field
                  + " in the file; a source column must be a single primitive value");
        }
        targets[fields.size()] = index;
        fields.add(field);
        columns.add(schema.column(index));
      }
      for (Column column : schema.columns()) {
        if (!fileSchema.containsField(column.name())) {
          throw new EventFileException(
              file
                  + ": no column '"
                  + column.name()
                  + "' of source '"
                  + source.name()
                  + "' in the file (its schema: "
                  + fileSchema.getFields().stream().map(Type::getName).toList()
                  + ")");
        }
      }
      MessageType projection = new MessageType(fileSchema.getName(), fields);
      reader.setRequestedSchema(projection);
      this.columnIO = new ColumnIOFactory().getColumnIO(projection, fileSchema);
      this.materializer =
          new ParquetRowMaterializer(file, projection, targets, columns, schema.size());
    } catch (RuntimeException e) {
      reader.close();
      throw e;
    }
  }

  @Override
  public ParseOutcome next() throws IOException {
    while (leftInGroup == 0) {
      if (onlyGroup >= 0 && groupsDone > onlyGroup) {
        return null;
      }
      if (groupsDone < onlyGroup) {
        rowNumber += reader.getRowGroups().get(groupsDone).getRowCount();
        reader.skipNextRowGroup();
        groupsDone++;
        continue;
      }
      PageReadStore pages = reader.readNextRowGroup();
      if (pages == null) {
        return null;
      }
      groupsDone++;
      rowGroup = columnIO.getRecordReader(pages, materializer);
      leftInGroup = pages.getRowCount();
    }
    leftInGroup--;
    rowNumber++;
    Object[] values = rowGroup.read();
    ParseOutcome outcome = validator.validate(values);
    return outcome instanceof RecordRejection rejection
        ? rejection.at(where(), json.encode(values))
        : outcome;
  }

  /** The file and the row last read; {@link #text()} stays null: Parquet has no text of it. */
  @Override
  public String where() {
    return Provenance.fileRow(file.toString(), rowNumber);
  }

  @Override
  public void close() throws IOException {
    reader.close();
  }
}
