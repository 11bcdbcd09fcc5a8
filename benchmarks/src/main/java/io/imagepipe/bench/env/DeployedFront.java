package io.imagepipe.bench.env;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The project's own nginx front as compose ships it: {@code infra/nginx/nginx.conf}
 * copied unchanged, its templates rendered as the nginx image's {@code envsubst} renders
 * them with compose's values (its body limit), and nginx started with compose's command
 * line ({@code -e stderr -g 'daemon off;'}), its standard output and error (the access
 * log, buffered as shipped) going to a file as they go to Docker's log. Only the
 * upstreams and the port differ: the running serving-api and ingest-api on loopback, and
 * {@code image-files} is a link to the folder serving-api writes its files to, where
 * compose mounts their volume. The versioned image URLs are answered from those files,
 * the plain URL from nginx's micro-cache. For figure 1's rows on serving as deployed.
 */
public final class DeployedFront implements AutoCloseable {

	private final Process process;

	private final int port;

	private DeployedFront(Process process, int port) {
		this.process = process;
		this.port = port;
	}

	/**
	 * Render the configuration into a folder and start nginx with it.
	 * @param infra the repository's {@code infra/nginx}
	 * @param folder the prefix for the rendered configuration, the cache and the logs
	 * @param services the running services
	 * @return the running front
	 */
	public static DeployedFront start(Path infra, Path folder, Services services) {
		int port = Services.freePort();
		Map<String, String> variables = Map.of("INGEST_API_ADDR", address(services.ingestUrl()), "SERVING_API_ADDR",
				address(services.servingUrl()), "OPS_DASHBOARD_ADDR", address(services.ingestUrl()),
				"NGINX_MAX_BODY_SIZE", "21m", "NGINX_PORT", "127.0.0.1:" + port);
		try {
			Files.createDirectories(folder.resolve("conf.d"));
			// serving-api's files of finished images, where compose mounts their volume
			Files.createDirectories(services.imageFiles());
			Files.deleteIfExists(folder.resolve("image-files"));
			Files.createSymbolicLink(folder.resolve("image-files"), services.imageFiles());
			Files.copy(infra.resolve("nginx.conf"), folder.resolve("nginx.conf"),
					java.nio.file.StandardCopyOption.REPLACE_EXISTING);
			try (DirectoryStream<Path> templates = Files.newDirectoryStream(infra.resolve("templates"), "*.template")) {
				for (Path template : templates) {
					String text = Files.readString(template);
					for (Map.Entry<String, String> variable : variables.entrySet()) {
						text = text.replace("${" + variable.getKey() + "}", variable.getValue());
					}
					String name = template.getFileName().toString().replace(".template", "");
					Files.writeString(folder.resolve("conf.d").resolve(name), text);
				}
			}
			Process process = Commands.startLogged(folder.resolve("nginx.log"), List.of(Nginx.binary(), "-p",
					folder + "/", "-c", folder.resolve("nginx.conf").toString(), "-e", "stderr", "-g", "daemon off;"));
			Nginx.awaitPort(process, port);
			return new DeployedFront(process, port);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static String address(URI url) {
		return url.getHost() + ":" + url.getPort();
	}

	/**
	 * The same path and query through the front.
	 * @param url a serving-api URL
	 * @return the URL through nginx
	 */
	public URI through(URI url) {
		return URI.create("http://127.0.0.1:" + this.port + url.getRawPath()
				+ ((url.getRawQuery() != null) ? "?" + url.getRawQuery() : ""));
	}

	@Override
	public void close() {
		this.process.destroy();
		try {
			this.process.waitFor();
		}
		catch (InterruptedException ex) {
			this.process.destroyForcibly();
			Thread.currentThread().interrupt();
		}
	}

}
