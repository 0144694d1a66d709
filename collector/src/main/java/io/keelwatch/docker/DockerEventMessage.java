package io.keelwatch.docker;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.HashMap;
import java.util.Map;

/**
 * One message of the Docker events stream, decoded.
 *
 * @param type       {@code container}, {@code image}, {@code network}, ...
 * @param action     {@code create}, {@code start}, ... For exec events Docker appends the command
 *                   ({@code exec_start: sh -c ps}); {@link #verb()} gives the part before the colon.
 * @param actorId    the container id, or the image id for image events
 * @param attributes the actor's attributes ({@code name}, {@code image}, ...)
 * @param timeNano   the daemon's time of the event, ns since the epoch
 */
public record DockerEventMessage(String type, String action, String actorId, Map<String, String> attributes,
                                 long timeNano) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public DockerEventMessage {
        attributes = Map.copyOf(attributes);
    }

    /**
     * Decodes one JSON message.
     *
     * @throws InspectFormatException naming the field when the message is not an event
     */
    public static DockerEventMessage parse(String json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new InspectFormatException("$", "not JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new InspectFormatException("$", "expected an object");
        }
        JsonNode actor = root.path("Actor");
        String id = actor.path("ID").asText(root.path("id").asText(""));
        Map<String, String> attrs = new HashMap<>();
        actor.path("Attributes").fields().forEachRemaining(e -> attrs.put(e.getKey(), e.getValue().asText()));
        long timeNano = root.path("timeNano").asLong(root.path("time").asLong(0) * 1_000_000_000L);
        String type = root.path("Type").asText("");
        String action = root.path("Action").asText(root.path("status").asText(""));
        if (type.isEmpty() || action.isEmpty()) {
            throw new InspectFormatException(type.isEmpty() ? "Type" : "Action", "missing in event message");
        }
        return new DockerEventMessage(type, action, id, attrs, timeNano);
    }

    /** The action up to a colon: {@code exec_start: sh -c ps} is {@code exec_start}. */
    public String verb() {
        int colon = action.indexOf(':');
        return colon < 0 ? action : action.substring(0, colon);
    }

    public boolean isContainer() {
        return type.equals("container");
    }

    public boolean isImage() {
        return type.equals("image");
    }
}
