package io.keelwatch.alert;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Alerts as JSON lines on a stream (stdout) or appended to a file; each line is flushed when written. */
public final class JsonLinesSink implements AlertSink, AutoCloseable {
    private final Writer out;
    private final boolean closeOut;
    private final AlertFormat format;

    private JsonLinesSink(Writer out, boolean closeOut, AlertFormat format) {
        this.out = out;
        this.closeOut = closeOut;
        this.format = format;
    }

    /** Writes to a stream the caller owns (stdout); {@link #close()} flushes it only. */
    public static JsonLinesSink of(OutputStream stream) {
        return of(stream, AlertFormat.KEELWATCH);
    }

    /** As {@link #of(OutputStream)}, in the given format. */
    public static JsonLinesSink of(OutputStream stream, AlertFormat format) {
        return new JsonLinesSink(new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8)), false,
                format);
    }

    /** Appends to a file, creating it and its directory. */
    public static JsonLinesSink append(Path file) throws IOException {
        return append(file, AlertFormat.KEELWATCH);
    }

    /** As {@link #append(Path)}, in the given format. */
    public static JsonLinesSink append(Path file, AlertFormat format) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        return new JsonLinesSink(Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND, StandardOpenOption.WRITE), true, format);
    }

    @Override
    public void accept(Alert alert) {
        try {
            out.write(format.line(alert));
            out.write('\n');
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws IOException {
        if (closeOut) {
            out.close();
        } else {
            out.flush();
        }
    }
}
