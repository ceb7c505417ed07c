package org.helxplatform.tycho.backend.docker.internal;

/**
 * An image name split as the engine's pull API takes it: the repository, and a tag or digest.
 *
 * @param repository the repository, with its registry if any ({@code quay.io/jupyter/minimal-notebook})
 * @param tag        the tag ({@code latest} when none is given) or the digest ({@code sha256:...})
 */
record ImageReference(String repository, String tag) {

    /**
     * @param image an image name: {@code [registry[:port]/]path[:tag][@digest]}
     * @return its parts; a digest wins over a tag
     */
    static ImageReference parse(String image) {
        int at = image.indexOf('@');
        if (at >= 0) {
            String name = image.substring(0, at);
            return new ImageReference(withoutTag(name), image.substring(at + 1));
        }
        int colon = image.lastIndexOf(':');
        if (colon > image.lastIndexOf('/')) {
            return new ImageReference(image.substring(0, colon), image.substring(colon + 1));
        }
        return new ImageReference(image, "latest");
    }

    private static String withoutTag(String name) {
        int colon = name.lastIndexOf(':');
        return colon > name.lastIndexOf('/') ? name.substring(0, colon) : name;
    }
}
