package io.imagepipe.serving.image;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * HTTP/1.1 exactly as written, over a plain socket: also what a real client would never
 * send (a broken percent-encoding, no {@code Host}), which Tomcat refuses before the
 * application sees it. Each request closes its connection.
 */
final class RawHttp {

	private RawHttp() {
	}

	/**
	 * Send a request and read the whole answer.
	 * @param port where serving-api listens
	 * @param requestLineAndHeaders the request line and header lines, each ending in CRLF
	 * @return the answer
	 */
	static Answer send(int port, String requestLineAndHeaders) throws IOException {
		try (Socket socket = new Socket("127.0.0.1", port)) {
			socket.setSoTimeout(10_000);
			OutputStream out = socket.getOutputStream();
			out.write((requestLineAndHeaders + "Connection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
			out.flush();
			return Answer.parse(new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1));
		}
	}

	/**
	 * An answer as it came over the wire.
	 *
	 * @param status the status code
	 * @param headers each header line, name and value, in order, repeated names repeated
	 * @param body the body as sent, chunk sizes and all
	 */
	record Answer(int status, List<String[]> headers, String body) {

		static Answer parse(String raw) {
			int end = raw.indexOf("\r\n\r\n");
			String[] lines = raw.substring(0, (end >= 0) ? end : raw.length()).split("\r\n");
			List<String[]> headers = new ArrayList<>();
			for (int i = 1; i < lines.length; i++) {
				int colon = lines[i].indexOf(':');
				headers.add(new String[] { lines[i].substring(0, colon), lines[i].substring(colon + 1).strip() });
			}
			return new Answer(Integer.parseInt(lines[0].split(" ")[1]), headers,
					(end >= 0) ? raw.substring(end + 4) : "");
		}

		/**
		 * Every value of a header.
		 * @param name its name, in any case
		 * @return the values, in order
		 */
		List<String> all(String name) {
			return this.headers.stream()
				.filter((header) -> header[0].toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT)))
				.map((header) -> header[1])
				.toList();
		}

	}

}
