package io.keelwatch.container;

import java.util.List;

/**
 * A process session opened into a running container from outside it ({@code docker exec}), as the
 * runtime described it when the session was created.
 *
 * @param id         the runtime's id of the session
 * @param privileged whether the session runs with all capabilities and devices ({@code --privileged})
 * @param user       the user it runs as ({@code --user}); empty: the container's user
 * @param tty        whether it has a terminal ({@code -t})
 * @param command    the program and its arguments
 */
public record ExecSession(String id, boolean privileged, String user, boolean tty, List<String> command) {
    public ExecSession {
        command = List.copyOf(command);
    }

    /** The command line as one string (arguments joined by spaces). */
    public String cmdline() {
        return String.join(" ", command);
    }
}
