package io.keelwatch.host;

import io.keelwatch.input.HostInput;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * Answers from recorded {@link HostInput.Lookup}s instead of the live host: each {@code (kind, key)}
 * gets its recorded answers in the order they were recorded. When the recording holds fewer answers
 * than questions, the last one is repeated (the host would most likely have said the same), and a
 * question never recorded is answered with {@code null}; both are counted.
 *
 * <p>Not thread-safe: one replay thread owns it.
 */
public final class RecordedHostLookup implements HostLookup {

    private record Question(String kind, String key) { }

    private static final class Answers {
        final ArrayDeque<String> pending = new ArrayDeque<>();
        String last;
        boolean any;
    }

    private final Map<Question, Answers> answers = new HashMap<>();
    private long repeated;
    private long unanswered;

    /** Adds one recorded answer. */
    public void add(HostInput.Lookup recorded) {
        Answers a = answers.computeIfAbsent(new Question(recorded.kind(), recorded.key()), q -> new Answers());
        // ArrayDeque refuses null: a recorded "no answer" is kept as a marker.
        a.pending.add(recorded.value() == null ? NO_ANSWER : recorded.value());
    }

    /** Adds an answer directly (tests, hand-written fixtures). */
    public RecordedHostLookup answer(String kind, String key, String value) {
        add(new HostInput.Lookup(0, kind, key, value));
        return this;
    }

    @Override
    public String lookup(String kind, String key) {
        Answers a = answers.get(new Question(kind, key));
        if (a == null) {
            unanswered++;
            return null;
        }
        String next = a.pending.poll();
        if (next == null) {
            if (a.any) {
                repeated++;
            } else {
                unanswered++;
            }
            return a.last;
        }
        a.any = true;
        a.last = next == NO_ANSWER ? null : next;
        return a.last;
    }

    /** Questions answered by repeating an earlier answer because the recording had no more. */
    public long repeated() {
        return repeated;
    }

    /** Questions the recording had no answer for. */
    public long unanswered() {
        return unanswered;
    }

    @SuppressWarnings("StringOperationCanBeSimplified")
    private static final String NO_ANSWER = new String("\u0000no answer");
}
