package io.imagepipe.ingest.ops;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import io.imagepipe.testsupport.ImagepipeTest;

import org.springframework.boot.test.context.SpringBootTest;

/**
 * ingest-api over real HTTP against real PostgreSQL and RabbitMQ, with a known ops user,
 * a fast relay and small retry batches. The ops test classes share this one context.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ImagepipeTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "spring.security.user.password=" + OpsClient.PASSWORD,
				"imagepipe.messaging.relay-interval=300ms", "imagepipe.ops.retry-batch-size=3",
				"imagepipe.ops.retry-batch-pause=10ms", "imagepipe.ops.overview-cache=0s",
				"imagepipe.ops.sample-interval=300ms", "imagepipe.ops.bulk-resume-interval=300ms",
				"imagepipe.retention.storage-sample-interval=300ms", "spring.datasource.hikari.maximum-pool-size=4",
				// Selenium warns that it has no DevTools binding for this Chromium; it
				// needs none
				"logging.level.org.openqa.selenium=ERROR" })
@interface OpsIntegrationTest {

}
