package io.imagepipe.bench.env;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's nginx as the anchor of figures 1 and 3, with a generated configuration on free
 * loopback ports: {@code /image.webp} serves the same bytes as serving-api from a static
 * file (with nginx's own ETag and 304s), and {@code /upload} accepts a body of up to 25
 * MB. nginx reads the whole body into memory (proxied with request buffering to an
 * internal server that answers 202) before it answers, as ingest-api reads an upload
 * before it acknowledges it; {@code return 202} alone would answer before the body is
 * read. Same {@code worker_processes} as the machine's cores, access log off.
 */
public final class Nginx implements AutoCloseable {

	private final Process process;

	private final int port;

	private final Path root;

	private Nginx(Process process, int port, Path root) {
		this.process = process;
		this.port = port;
		this.root = root;
	}

	/**
	 * Write the configuration and start nginx in the foreground.
	 * @param folder its prefix: configuration, pid, temp files, the document root, log
	 * @return the running nginx
	 */
	public static Nginx start(Path folder) {
		int port = Services.freePort();
		int sink = Services.freePort();
		Path root = folder.resolve("html");
		try {
			Files.createDirectories(root);
			Path config = folder.resolve("nginx.conf");
			Files.writeString(config, config(port, sink, root));
			Process process = Commands.startLogged(folder.resolve("nginx.log"),
					List.of(binary(), "-p", folder + "/", "-c", config.toString(), "-e", folder + "/error.log"));
			awaitPort(process, port);
			return new Nginx(process, port, root);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static String config(int port, int sink, Path root) {
		return """
				daemon off;
				worker_processes %d;
				pid nginx.pid;
				events { worker_connections 4096; }
				http {
				    access_log off;
				    server_tokens off;
				    sendfile on;
				    tcp_nopush on;
				    client_body_temp_path client_body_temp;
				    proxy_temp_path proxy_temp;
				    fastcgi_temp_path fastcgi_temp;
				    uwsgi_temp_path uwsgi_temp;
				    scgi_temp_path scgi_temp;
				    server {
				        listen 127.0.0.1:%d;
				        root %s;
				        location = /image.webp {
				            default_type image/webp;
				            add_header Cache-Control "public, max-age=31536000, immutable";
				        }
				        location = /upload {
				            client_max_body_size 25m;
				            client_body_buffer_size 4m;
				            proxy_request_buffering on;
				            proxy_pass_request_body off;
				            proxy_set_header Content-Length "";
				            proxy_http_version 1.1;
				            proxy_set_header Connection "";
				            proxy_pass http://accepted;
				        }
				    }
				    upstream accepted {
				        server 127.0.0.1:%d;
				        keepalive 64;
				    }
				    server {
				        listen 127.0.0.1:%d;
				        keepalive_requests 100000;
				        location / {
				            default_type application/json;
				            return 202 '{"status":"queued"}';
				        }
				    }
				}
				""".formatted(Runtime.getRuntime().availableProcessors(), port, root, sink, sink);
	}

	/**
	 * Put the bytes nginx serves at {@code /image.webp}.
	 * @param bytes the image
	 */
	public void serve(byte[] bytes) {
		try {
			Files.write(this.root.resolve("image.webp"), bytes);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	public String url(String path) {
		return "http://127.0.0.1:" + this.port + path;
	}

	public long pid() {
		return this.process.pid();
	}

	@Override
	public void close() {
		this.process.destroy();
		try {
			if (!this.process.waitFor(10, TimeUnit.SECONDS)) {
				this.process.destroyForcibly();
			}
		}
		catch (InterruptedException ex) {
			this.process.destroyForcibly();
			Thread.currentThread().interrupt();
		}
	}

	static String binary() {
		return Commands.available("nginx") && !Files.isExecutable(Path.of("/usr/sbin/nginx")) ? "nginx"
				: "/usr/sbin/nginx";
	}

	static void awaitPort(Process process, int port) {
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		while (System.nanoTime() < deadline) {
			try (Socket socket = new Socket("127.0.0.1", port)) {
				if (socket.isConnected()) {
					return;
				}
			}
			catch (IOException ex) {
				if (!process.isAlive()) {
					throw new IllegalStateException("nginx exited with " + process.exitValue() + "; see its error.log");
				}
				Sleep.millis(100);
			}
		}
		throw new IllegalStateException("nginx did not listen on " + port + " within 10 s");
	}

}
