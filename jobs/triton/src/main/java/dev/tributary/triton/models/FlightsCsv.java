package dev.tributary.triton.models;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * Reads {@code feature-defs/data/flights-sample.csv.gz} ({@code date,delay,distance,origin,destination},
 * date as a zone-less local time read as UTC, as the source definition says).
 */
public final class FlightsCsv {

    private static final String HEADER = "date,delay,distance,origin,destination";

    private FlightsCsv() {
    }

    public static List<Flight> read(Path file) throws IOException {
        try (InputStream raw = Files.newInputStream(file);
                InputStream in = file.toString().endsWith(".gz") ? new GZIPInputStream(raw) : raw;
                BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String header = reader.readLine();
            if (!HEADER.equals(header)) {
                throw new IOException(file + ":1: expected header '" + HEADER + "' but found '" + header + "'");
            }
            List<Flight> flights = new ArrayList<>();
            int lineNumber = 1;
            for (String line; (line = reader.readLine()) != null; ) {
                lineNumber++;
                String[] f = line.split(",", -1);
                if (f.length != 5) {
                    throw new IOException(file + ":" + lineNumber + ": expected 5 fields but found " + f.length);
                }
                try {
                    long departure = LocalDateTime.parse(f[0]).toInstant(ZoneOffset.UTC).toEpochMilli();
                    flights.add(new Flight(departure, Integer.parseInt(f[1]), Integer.parseInt(f[2]), f[3], f[4]));
                } catch (RuntimeException e) {
                    throw new IOException(file + ":" + lineNumber + ": " + e.getMessage(), e);
                }
            }
            return flights;
        }
    }
}
