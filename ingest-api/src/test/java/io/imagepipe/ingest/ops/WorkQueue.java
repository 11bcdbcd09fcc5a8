package io.imagepipe.ingest.ops;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.GetResponse;
import io.imagepipe.contract.JobTopology;
import io.imagepipe.testsupport.TestInfrastructure;

/**
 * Reads the work queue of the test's broker namespace.
 */
final class WorkQueue {

	private WorkQueue() {
	}

	/**
	 * Take every message waiting in the work queue.
	 * @return how many of them are the job of the given upload
	 */
	static int drainJobsFor(JobTopology topology, UUID uploadId) throws Exception {
		int found = 0;
		try (Connection connection = TestInfrastructure.get().openBrokerConnection();
				Channel channel = connection.createChannel()) {
			GetResponse message;
			while ((message = channel.basicGet(topology.workQueue(), true)) != null) {
				if (new String(message.getBody(), StandardCharsets.UTF_8).contains(uploadId.toString())) {
					found++;
				}
			}
		}
		return found;
	}

}
