package io.keelwatch.host;

import io.keelwatch.input.HostInput;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Passes every question to the live host and hands each answer to a sink as a
 * {@link HostInput.Lookup}, so a journal can record it.
 */
public final class RecordingHostLookup implements HostLookup {
    private final HostLookup delegate;
    private final Consumer<? super HostInput.Lookup> sink;
    private final LongSupplier clockMs;

    public RecordingHostLookup(HostLookup delegate, Consumer<? super HostInput.Lookup> sink, LongSupplier clockMs) {
        this.delegate = Objects.requireNonNull(delegate);
        this.sink = Objects.requireNonNull(sink);
        this.clockMs = Objects.requireNonNull(clockMs);
    }

    @Override
    public String lookup(String kind, String key) {
        String answer = delegate.lookup(kind, key);
        sink.accept(new HostInput.Lookup(clockMs.getAsLong(), kind, key, answer));
        return answer;
    }
}
