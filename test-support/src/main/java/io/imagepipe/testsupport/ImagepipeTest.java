package io.imagepipe.testsupport;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.annotation.AliasFor;

/**
 * A {@link SpringBootTest @SpringBootTest} of a service on this JVM's real, isolated
 * PostgreSQL database and broker namespace ({@link ImagepipeInfrastructure}): the
 * datasource, the broker, the namespace and the tests' HMAC secret.
 *
 * <p>
 * Those settings rank below the test's own {@link #properties()}, so a test overrides one
 * of them there (an unreachable database, no HMAC secret), and below its
 * {@code @DynamicPropertySource} methods, which remain for values known only at run time.
 * They rank above everything else: the application's YAML, the environment and system
 * properties.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@SpringBootTest
@ImagepipeInfrastructure
public @interface ImagepipeTest {

	/**
	 * The web environment of the test.
	 * @return as for {@link SpringBootTest#webEnvironment()}
	 */
	@AliasFor(annotation = SpringBootTest.class)
	SpringBootTest.WebEnvironment webEnvironment() default SpringBootTest.WebEnvironment.MOCK;

	/**
	 * The test's own properties, as {@code key=value}.
	 * @return as for {@link SpringBootTest#properties()}
	 */
	@AliasFor(annotation = SpringBootTest.class)
	String[] properties() default {};

}
