package io.keelwatch.docker;

import java.time.Instant;
import java.util.List;

/**
 * What {@code docker image inspect} says of one image that the inventory needs.
 *
 * @param id       {@code sha256:...}
 * @param created  build time, or {@code null}
 * @param repoTags the references that point to this image now
 */
public record ImageInfo(String id, Instant created, List<String> repoTags) {
    public ImageInfo {
        repoTags = List.copyOf(repoTags);
    }
}
