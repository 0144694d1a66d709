package io.keelwatch.container;

/**
 * One mount of a container, as the runtime reports it.
 *
 * @param type        {@code bind}, {@code volume}, {@code tmpfs}, ...
 * @param source      the host path behind the mount (for volumes, the volume's data directory)
 * @param destination the path inside the container
 * @param readWrite   whether the container may write through it
 * @param propagation {@code rprivate}, {@code rshared}, ... or empty
 */
public record Mount(String type, String source, String destination, boolean readWrite, String propagation) {
}
