package io.imagepipe.e2e;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

import io.imagepipe.testsupport.TestInfrastructure;

/**
 * The tests' RabbitMQ node, stopped and started with {@code rabbitmqctl} as an operator
 * would: the local node, or the container's with {@code IMAGEPIPE_TEST_CONTAINERS=true}
 * ({@link TestInfrastructure#rabbitmqctl}). Whoever stops it must start it again in a
 * {@code finally} block.
 */
final class Broker {

	private Broker() {
	}

	static void stopApp() throws IOException, InterruptedException {
		rabbitmqctl("stop_app");
	}

	/**
	 * Start the node's application and wait until it serves again.
	 */
	static void startApp() throws IOException, InterruptedException {
		rabbitmqctl("start_app");
		rabbitmqctl("await_startup");
	}

	/**
	 * The messages a queue holds, ready or delivered and not yet acknowledged: a message
	 * a consumer holds without ever acknowledging it shows here, not in a passive
	 * declare.
	 * @param queue the queue name
	 * @return its message count
	 */
	static long messages(String queue) throws IOException, InterruptedException {
		for (String line : rabbitmqctl("list_queues", "-q", "--no-table-headers", "name", "messages").split("\n")) {
			String[] columns = line.trim().split("\\s+");
			if (columns.length == 2 && columns[0].equals(queue)) {
				return Long.parseLong(columns[1]);
			}
		}
		throw new IOException("No queue " + queue);
	}

	private static String rabbitmqctl(String... command) throws IOException, InterruptedException {
		Process process = new ProcessBuilder(TestInfrastructure.get().rabbitmqctl(command)).redirectErrorStream(true)
			.start();
		String output = new String(process.getInputStream().readAllBytes());
		if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
			throw new IOException("rabbitmqctl " + String.join(" ", command) + " failed: " + output);
		}
		return output;
	}

}
