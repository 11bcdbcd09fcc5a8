package io.imagepipe.testsupport;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.test.context.ContextCustomizerFactories;

/**
 * Points a Spring test context at this JVM's real, isolated PostgreSQL database and
 * broker namespace ({@link TestInfrastructure#get()}): the datasource, the broker, the
 * namespace and the tests' HMAC secret, ranked just below the test's inlined properties.
 * {@link ImagepipeTest @ImagepipeTest} carries it; a slice test such as {@code @JdbcTest}
 * (with {@code @AutoConfigureTestDatabase(replace = NONE)}) adds it itself.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ContextCustomizerFactories(TestInfrastructureCustomizer.Factory.class)
public @interface ImagepipeInfrastructure {

}
