package io.imagepipe.serving;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * serving-api: serves the compressed images publicly, with ETags, 304 answers and
 * immutable caching of the current version.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class ServingApplication {

	public static void main(String[] args) {
		SpringApplication.run(ServingApplication.class, args);
	}

}
