package io.keelwatch.container;

/**
 * A running container as the periodic inventory sees it.
 *
 * @param info           the container
 * @param tagImageId     the image id its image reference resolves to now, or {@code null} when unknown;
 *                       differing from {@code info.imageId()} means the container runs a stale image
 */
public record ContainerState(ContainerInfo info, String tagImageId) {

    /** Whether the tag the container was created from now points to another image. */
    public boolean imageStale() {
        return tagImageId != null && !tagImageId.equals(info.imageId());
    }
}
