package io.imagepipe.ops;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * ops-console: the dashboard and the API ops staff use to find, understand, retry,
 * discard and reprocess uploads, in its own process. It changes upload rows in
 * PostgreSQL; ingest-api's outbox relay publishes what it puts back in the queue.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class OpsConsoleApplication {

	public static void main(String[] args) {
		SpringApplication.run(OpsConsoleApplication.class, args);
	}

}
