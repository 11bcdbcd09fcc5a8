package io.imagepipe.imports.legacy;

import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * The options every import shares: where imagepipe is and the token it takes, where the
 * journal is, and how fast to go.
 */
final class ImportOptions {

	@Option(names = "--ingest-url", defaultValue = "${env:INGEST_URL:-http://localhost:8081}",
			description = "ingest-api's base URL (env INGEST_URL; default ${DEFAULT-VALUE})")
	private URI ingestUrl;

	@Option(names = "--serving-url", defaultValue = "${env:SERVING_URL:-http://localhost:8082}",
			description = "serving-api's base URL, to skip images that already exist (env SERVING_URL; default ${DEFAULT-VALUE})")
	private URI servingUrl;

	@Option(names = "--journal", defaultValue = "image-import.journal",
			description = "the journal file that makes a re-run skip what is done and follow what is uploaded (default ${DEFAULT-VALUE})")
	private Path journal;

	@Option(names = "--rate", defaultValue = "5", description = "most uploads per second (default ${DEFAULT-VALUE})")
	private double rate;

	@Option(names = "--max-in-flight", defaultValue = "8",
			description = "most uploads still processing before the next is sent (default ${DEFAULT-VALUE})")
	private int maxInFlight;

	@Option(names = "--overwrite",
			description = "also import images that already exist in imagepipe, replacing them (by default they are kept: they may be newer than the legacy ones)")
	private boolean overwrite;

	@Option(names = "--retry-failed", description = "try again the images an earlier run failed on")
	private boolean retryFailed;

	@Option(names = "--token", paramLabel = "TOKEN", defaultValue = "${env:IMAGEPIPE_TOKEN}",
			description = "the bearer token sent as 'Authorization: Bearer TOKEN' with every request to ingest-api, which accepts uploads only with one; a token with the service role may write every owner's images and is not rate limited (env IMAGEPIPE_TOKEN, which keeps it out of the process list)")
	private String token;

	@Option(names = "--header", paramLabel = "NAME:VALUE",
			description = "a header sent with every request to imagepipe, such as one a gateway in front of it needs; may be repeated")
	private List<String> headers = new ArrayList<>();

	@Option(names = "--finish-timeout", defaultValue = "600",
			description = "seconds to wait at the end for the uploads still processing (default ${DEFAULT-VALUE})")
	private long finishTimeoutSeconds;

	IngestClient client() {
		HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
		return new IngestClient(http, this.ingestUrl, this.servingUrl, headers(), token());
	}

	void validate(CommandSpec spec) {
		if (this.rate <= 0 || this.maxInFlight < 1 || this.finishTimeoutSeconds < 0) {
			throw new ParameterException(spec.commandLine(), "--rate and --max-in-flight must be positive");
		}
		if (this.headers.stream().anyMatch((header) -> !header.matches("[A-Za-z0-9-]+:.*"))) {
			throw new ParameterException(spec.commandLine(), "--header takes NAME:VALUE");
		}
		if (token() != null && headers().stream().anyMatch((header) -> header[0].equalsIgnoreCase("Authorization"))) {
			throw new ParameterException(spec.commandLine(),
					"Give the token once: --token (or IMAGEPIPE_TOKEN), or --header 'Authorization: ...'");
		}
	}

	/**
	 * The token, without a {@code Bearer } prefix should it have been given with one.
	 * @return the token, or {@code null} when none is given (an empty IMAGEPIPE_TOKEN
	 * gives none)
	 */
	String token() {
		if (this.token == null || this.token.isBlank()) {
			return null;
		}
		String value = this.token.strip();
		return value.regionMatches(true, 0, "Bearer ", 0, 7) ? value.substring(7).strip() : value;
	}

	private List<String[]> headers() {
		return this.headers.stream()
			.map((header) -> header.split(":", 2))
			.map((parts) -> new String[] { parts[0].strip(), (parts.length > 1) ? parts[1].strip() : "" })
			.toList();
	}

	URI ingestUrl() {
		return this.ingestUrl;
	}

	Path journal() {
		return this.journal;
	}

	double rate() {
		return this.rate;
	}

	int maxInFlight() {
		return this.maxInFlight;
	}

	boolean overwrite() {
		return this.overwrite;
	}

	boolean retryFailed() {
		return this.retryFailed;
	}

	Duration finishTimeout() {
		return Duration.ofSeconds(this.finishTimeoutSeconds);
	}

}
