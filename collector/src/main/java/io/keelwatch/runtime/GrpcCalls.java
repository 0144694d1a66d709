package io.keelwatch.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageOrBuilder;
import com.google.protobuf.util.JsonFormat;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.IOException;

/**
 * What the containerd and CRI clients share about a blocking gRPC call: a failure becomes a
 * {@link RuntimeUnavailableException} naming the runtime and the call, NOT_FOUND becomes {@link NotFound} (an
 * absent container is an answer, not a failure), and answers become JSON in the runtime's own field names (the
 * form the journal keeps them in).
 */
public final class GrpcCalls {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonFormat.Printer PRINTER = JsonFormat.printer().omittingInsignificantWhitespace()
            .preservingProtoFieldNames();

    private GrpcCalls() {
    }

    /** A blocking stub call. */
    @FunctionalInterface
    public interface Call<T> {
        T run();
    }

    /** NOT_FOUND from the runtime, as a control-flow signal for the clients (no stack trace). */
    public static final class NotFound extends RuntimeException {
        NotFound() {
            super(null, null, false, false);
        }
    }

    /**
     * Runs the call.
     *
     * @param who  the runtime and socket, for the error ({@code containerd /run/containerd/containerd.sock})
     * @param what the call, for the error ({@code get container ID})
     * @throws NotFound when the runtime answers NOT_FOUND
     * @throws RuntimeUnavailableException for any other failure
     */
    public static <T> T call(String who, String what, Call<T> call) {
        try {
            return call.run();
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
                throw new NotFound();
            }
            throw new RuntimeUnavailableException(who + ": " + what + ": " + e.getStatus(), e);
        }
    }

    /** A protobuf message as JSON with the proto field names. */
    public static JsonNode json(MessageOrBuilder m) {
        try {
            return JSON.readTree(PRINTER.print(m));
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("protobuf to JSON: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new IllegalStateException("JSON printed by protobuf: " + e.getMessage(), e);
        }
    }
}
