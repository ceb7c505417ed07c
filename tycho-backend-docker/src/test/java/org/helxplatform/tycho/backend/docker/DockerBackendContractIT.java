package org.helxplatform.tycho.backend.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.InternalServerErrorException;
import com.github.dockerjava.api.exception.NotFoundException;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.helxplatform.tycho.backend.Backend;
import org.helxplatform.tycho.backend.BackendConfiguration;
import org.helxplatform.tycho.backend.Backends;
import org.helxplatform.tycho.backend.docker.internal.DockerSettings;
import org.helxplatform.tycho.backend.testkit.AbstractBackendContractTest;
import org.helxplatform.tycho.model.TychoSystem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * The backend contract kit, in full, against a real Docker engine. The kit's sample system runs the images
 * {@code jupyter/minimal-notebook:latest} and {@code busybox:1.36}; where the engine has no such image (no registry
 * can be reached here), the test image is tagged with that name for the run, and the tag removed afterwards. A
 * start that fails part way is made by an engine client that refuses the second container of the next start.
 * Skipped, saying why, when no engine answers.
 */
class DockerBackendContractIT extends AbstractBackendContractTest {

    private static final List<String> KIT_IMAGES = List.of("jupyter/minimal-notebook:latest", "busybox:1.36");
    private static final List<String> TAGGED = new ArrayList<>();
    private static DockerEngine engine;

    @TempDir
    static Path volumes;

    private final AtomicInteger createsBeforeFailure = new AtomicInteger(-1);

    @BeforeAll
    static void openEngine() {
        engine = DockerEngine.open();
        tagKitImages();
    }

    /**
     * Tags the test image under the kit's image names the engine lacks. Done again before each test: another build
     * on the same engine may remove the tags it made while this one runs.
     */
    private static synchronized void tagKitImages() {
        for (String image : KIT_IMAGES) {
            try {
                engine.client().inspectImageCmd(image).exec();
            } catch (NotFoundException missing) {
                int colon = image.lastIndexOf(':');
                engine.client().tagImageCmd(BusyboxImage.IMAGE, image.substring(0, colon), image.substring(colon + 1))
                        .exec();
                if (!TAGGED.contains(image)) {
                    TAGGED.add(image);
                }
            }
        }
    }

    @AfterAll
    static void closeEngine() {
        if (engine != null) {
            TAGGED.forEach(image -> {
                try {
                    engine.client().removeImageCmd(image).exec();
                } catch (NotFoundException removedMeanwhile) {
                    // another build on the same engine removed it
                }
            });
            TAGGED.clear();
            engine.close();
        }
    }

    @Override
    protected Backend createBackend() {
        tagKitImages();
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put(DockerSettings.DOCKER_HOST, engine.host().toString());
        settings.put(DockerSettings.VOLUME_ROOT, volumes.toString());
        return Backends.create("docker", BackendConfiguration.builder().settings(settings)
                .with(DockerClient.class, failing(engine.client())).build());
    }

    /** The next start fails when it creates its second container: after the network and the first container. */
    @Override
    protected void failNextStart(Backend backend, TychoSystem system) {
        createsBeforeFailure.set(1);
    }

    @Override
    protected long leftovers(String identifier) {
        return engine.leftovers(identifier);
    }

    /** The engine's client, but {@code createContainerCmd} fails as an engine error once it is armed and due. */
    private DockerClient failing(DockerClient client) {
        InvocationHandler handler = (proxy, method, args) -> {
            if (method.getName().equals("createContainerCmd") && createsBeforeFailure.get() >= 0
                    && createsBeforeFailure.getAndDecrement() == 0) {
                throw new InternalServerErrorException("injected engine failure: the engine stopped answering");
            }
            try {
                return method.invoke(client, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
        return (DockerClient) Proxy.newProxyInstance(DockerClient.class.getClassLoader(),
                new Class<?>[] {DockerClient.class}, handler);
    }
}
