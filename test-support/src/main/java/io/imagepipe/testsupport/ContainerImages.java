package io.imagepipe.testsupport;

import com.github.dockerjava.api.exception.NotFoundException;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.utility.DockerImageName;

/**
 * The PostgreSQL and RabbitMQ images that Testcontainers starts: the one named by
 * {@code IMAGEPIPE_POSTGRES_IMAGE} / {@code IMAGEPIPE_RABBITMQ_IMAGE} if set, else the
 * local image that {@code infra/images/build.sh} builds from Debian's packages if the
 * Docker engine has it (where no image registry can be reached), else the official image,
 * pulled as usual. The local ones are declared compatible substitutes of the official
 * ones, which they imitate where Testcontainers relies on it (docs/operations.md).
 *
 * <p>
 * Ryuk, Testcontainers' reaper, is another image from a registry: the build turns it off
 * ({@code TESTCONTAINERS_RYUK_DISABLED=true} in the Surefire configuration) and the tests
 * stop their containers themselves (JUnit's {@code @Container} after the class,
 * {@link TestInfrastructure} at JVM exit).
 */
public final class ContainerImages {

	/** The local PostgreSQL 17 image of infra/images/build.sh. */
	public static final String LOCAL_POSTGRES = "imagepipe/postgres:17-trixie";

	/**
	 * The local RabbitMQ 4 image (with the management plugin) of infra/images/build.sh.
	 */
	public static final String LOCAL_RABBITMQ = "imagepipe/rabbitmq:4-management-trixie";

	private ContainerImages() {
	}

	/**
	 * The PostgreSQL 17 image.
	 * @return the image, compatible with {@code postgres}
	 */
	public static DockerImageName postgres() {
		return choose("IMAGEPIPE_POSTGRES_IMAGE", LOCAL_POSTGRES, "postgres:17-alpine")
			.asCompatibleSubstituteFor("postgres");
	}

	/**
	 * The RabbitMQ 4 image, with the management plugin.
	 * @return the image, compatible with {@code rabbitmq}
	 */
	public static DockerImageName rabbitmq() {
		return choose("IMAGEPIPE_RABBITMQ_IMAGE", LOCAL_RABBITMQ, "rabbitmq:4-management-alpine")
			.asCompatibleSubstituteFor("rabbitmq");
	}

	private static DockerImageName choose(String variable, String local, String official) {
		String configured = System.getenv(variable);
		if (configured != null && !configured.isBlank()) {
			return DockerImageName.parse(configured);
		}
		return DockerImageName.parse(present(local) ? local : official);
	}

	private static boolean present(String image) {
		try {
			DockerClientFactory.instance().client().inspectImageCmd(image).exec();
			return true;
		}
		catch (NotFoundException ex) {
			return false;
		}
	}

}
