package io.imagepipe.bench.calibration;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Locale;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.http.converter.autoconfigure.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.servlet.autoconfigure.HttpEncodingAutoConfiguration;
import org.springframework.boot.tomcat.autoconfigure.servlet.TomcatServletWebServerAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.DispatcherServletAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The calibration of figure 1: the ceiling of the framework serving-api runs on. A bare
 * Spring Boot MVC endpoint on Tomcat, the same Boot version and thread model as
 * serving-api (the launcher passes serving-api's settings), that answers the image's URL
 * with the same bytes (200) and the same 304 from memory, with the same response headers
 * as serving-api, and nothing else: no database, no cache lookup, no metrics, no filter.
 * Started by the benchmark suite as its own JVM
 * ({@code io.imagepipe.bench.env.BareServing}).
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@Import(BareServingApplication.Image.class)
@ImportAutoConfiguration({ TomcatServletWebServerAutoConfiguration.class, DispatcherServletAutoConfiguration.class,
		WebMvcAutoConfiguration.class, HttpMessageConvertersAutoConfiguration.class,
		HttpEncodingAutoConfiguration.class })
public class BareServingApplication {

	public static void main(String[] args) {
		SpringApplication.run(BareServingApplication.class, args);
	}

	@RestController
	static class Image {

		private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter
			.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US)
			.withZone(ZoneOffset.UTC);

		private final byte[] bytes;

		private final String etag;

		private final String lastModified = HTTP_DATE.format(Instant.now());

		Image(@Value("${calibration.file}") Path file) throws IOException, NoSuchAlgorithmException {
			this.bytes = Files.readAllBytes(file);
			this.etag = "\"" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(this.bytes)) + "\"";
		}

		@GetMapping("/images/{ownerType}/{ownerId}/{slot}")
		ResponseEntity<byte[]> get(@RequestParam(required = false) String v,
				@RequestHeader(name = HttpHeaders.IF_NONE_MATCH, required = false) String ifNoneMatch) {
			String cacheControl = (v != null) ? "public, max-age=31536000, immutable" : "public, no-cache";
			if (this.etag.equals(ifNoneMatch)) {
				return headers(ResponseEntity.status(HttpStatus.NOT_MODIFIED), cacheControl).build();
			}
			return headers(ResponseEntity.ok(), cacheControl).header(HttpHeaders.CONTENT_TYPE, "image/webp")
				.header(HttpHeaders.LAST_MODIFIED, this.lastModified)
				.contentLength(this.bytes.length)
				.body(this.bytes);
		}

		private ResponseEntity.BodyBuilder headers(ResponseEntity.BodyBuilder builder, String cacheControl) {
			return builder.header(HttpHeaders.ETAG, this.etag)
				.header(HttpHeaders.CACHE_CONTROL, cacheControl)
				.header("X-Content-Type-Options", "nosniff")
				.header("Content-Security-Policy", "default-src 'none'; sandbox")
				.header("Cross-Origin-Resource-Policy", "cross-origin");
		}

	}

}
