package org.helxplatform.tycho.backend.docker.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Image names as the pull API takes them. */
class ImageReferenceTest {

    @ParameterizedTest
    @CsvSource({
        "busybox, busybox, latest",
        "busybox:1.36, busybox, 1.36",
        "quay.io/jupyter/minimal-notebook:2025-03-14, quay.io/jupyter/minimal-notebook, 2025-03-14",
        "localhost:5000/app, localhost:5000/app, latest",
        "localhost:5000/app:2, localhost:5000/app, 2",
        "nginx@sha256:abcd, nginx, sha256:abcd",
        "registry:5000/nginx:1.27@sha256:abcd, registry:5000/nginx, sha256:abcd"})
    void splitsRepositoryAndTagOrDigest(String image, String repository, String tag) {
        assertThat(ImageReference.parse(image)).isEqualTo(new ImageReference(repository, tag));
    }
}
