package io.imagepipe.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP forwarder in front of a real server, which a test can cut and restore: cutting
 * closes every open connection and refuses new ones, as a network partition or a server
 * restart does to its clients, without stopping the server other tests share.
 */
final class TcpProxy implements AutoCloseable {

	private final ServerSocket listener;

	private final String targetHost;

	private final int targetPort;

	private final Set<Socket> open = ConcurrentHashMap.newKeySet();

	private volatile boolean cut;

	private TcpProxy(String targetHost, int targetPort) throws IOException {
		this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		this.targetHost = targetHost;
		this.targetPort = targetPort;
		Thread.ofVirtual().name("tcp-proxy-" + this.listener.getLocalPort()).start(this::accept);
	}

	/**
	 * Listen on a free loopback port and forward every connection to the target.
	 * @param host the server's host
	 * @param port the server's port
	 * @return the running proxy
	 * @throws IOException when no port can be bound
	 */
	static TcpProxy to(String host, int port) throws IOException {
		return new TcpProxy(host, port);
	}

	int port() {
		return this.listener.getLocalPort();
	}

	/**
	 * Close every forwarded connection, and close new ones at once until
	 * {@link #restore()}.
	 */
	void cut() {
		this.cut = true;
		for (Socket socket : this.open) {
			closeQuietly(socket);
		}
		this.open.clear();
	}

	void restore() {
		this.cut = false;
	}

	private void accept() {
		while (!this.listener.isClosed()) {
			try {
				Socket client = this.listener.accept();
				if (this.cut) {
					closeQuietly(client);
					continue;
				}
				Socket server = new Socket(this.targetHost, this.targetPort);
				this.open.add(client);
				this.open.add(server);
				Thread.ofVirtual().start(() -> pipe(client, server));
				Thread.ofVirtual().start(() -> pipe(server, client));
			}
			catch (IOException ex) {
				// listener closed, or the target refused: the client sees its connection
				// end
			}
		}
	}

	private void pipe(Socket from, Socket to) {
		byte[] buffer = new byte[16 * 1024];
		try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
			int read;
			while ((read = in.read(buffer)) != -1) {
				out.write(buffer, 0, read);
				out.flush();
			}
		}
		catch (IOException ex) {
			// one side went away: close both
		}
		finally {
			closeQuietly(from);
			closeQuietly(to);
			this.open.remove(from);
			this.open.remove(to);
		}
	}

	private static void closeQuietly(Socket socket) {
		try {
			socket.close();
		}
		catch (IOException ex) {
			// closing anyway
		}
	}

	@Override
	public void close() {
		cut();
		try {
			this.listener.close();
		}
		catch (IOException ex) {
			// closing anyway
		}
	}

}
