package io.imagepipe.worker.job;

import java.io.IOException;
import java.util.Optional;
import java.util.List;
import java.util.Map;

import com.rabbitmq.client.Channel;
import io.imagepipe.contract.CompressionJob;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.annotation.RabbitListener;
import org.springframework.stereotype.Component;

/**
 * Records why the broker parked a job. The broker parks a job when it was delivered more
 * times than the delivery limit, which means workers kept stopping while processing it
 * (killed, out of memory). The upload is marked failed with that reason, so that ops
 * staff see it on the dashboard, which reads rows, not queues.
 */
@Component
class ParkedJobListener {

	private static final Logger log = LoggerFactory.getLogger(ParkedJobListener.class);

	private final Jobs jobs;

	private final DatabaseOutage outage;

	private final JobMessages messages;

	ParkedJobListener(Jobs jobs, DatabaseOutage outage, JobMessages messages) {
		this.jobs = jobs;
		this.outage = outage;
		this.messages = messages;
	}

	@RabbitListener(queues = "#{jobTopology.parkedQueue()}", containerFactory = "jobListenerFactory")
	void on(Message message, Channel channel) throws IOException {
		long tag = message.getMessageProperties().getDeliveryTag();
		Optional<CompressionJob> read = this.messages.read(message);
		if (read.isEmpty()) {
			// a poison message names no upload: there is nothing to record, so it is
			// dropped
			channel.basicAck(tag, false);
			return;
		}
		CompressionJob job = read.get();
		String reason = describe(message.getMessageProperties().getXDeathHeader());
		try {
			if (this.jobs.markParked(job.uploadId(), reason)) {
				log.warn("Upload {} parked: {}", job.uploadId(), reason);
			}
			channel.basicAck(tag, false);
		}
		catch (RuntimeException ex) {
			log.warn("Cannot record parked job {} yet: {}", job.uploadId(), ex.toString());
			if (DatabaseOutage.isOutage(ex)) {
				this.outage.pause();
			}
			channel.basicNack(tag, false, true);
		}
	}

	private static String describe(List<Map<String, ?>> deaths) {
		Object why = (deaths != null && !deaths.isEmpty()) ? deaths.get(0).get("reason") : null;
		if ("delivery_limit".equals(String.valueOf(why))) {
			return "Processing stopped before finishing on every delivery (a worker crashed or ran out of memory); "
					+ "the job was parked after reaching the delivery limit.";
		}
		return "The job was rejected by the worker and parked" + ((why != null) ? " (" + why + ")." : ".");
	}

}
