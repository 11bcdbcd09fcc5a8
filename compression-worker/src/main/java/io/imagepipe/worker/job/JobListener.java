package io.imagepipe.worker.job;

import java.io.IOException;
import java.util.Optional;

import com.rabbitmq.client.Channel;
import io.imagepipe.contract.CompressionJob;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.annotation.RabbitListener;
import org.springframework.stereotype.Component;

/**
 * Consumes compression jobs. A job is acknowledged only after its outcome is committed; a
 * transient failure goes to a retry tier, a lost database connection while the database
 * still answers runs the job again at once, a database outage returns the job to the
 * queue and pauses consumption, and a worker that dies mid-job leaves the message
 * unacknowledged, so the broker redelivers it up to its delivery limit.
 */
@Component
class JobListener {

	private static final Logger log = LoggerFactory.getLogger(JobListener.class);

	private final JobProcessor processor;

	private final RetryRouter retries;

	private final DatabaseOutage outage;

	private final JobMessages messages;

	private final JobMetrics metrics;

	JobListener(JobProcessor processor, RetryRouter retries, DatabaseOutage outage, JobMessages messages,
			JobMetrics metrics) {
		this.processor = processor;
		this.retries = retries;
		this.outage = outage;
		this.messages = messages;
		this.metrics = metrics;
	}

	@RabbitListener(queues = "#{jobTopology.workQueue()}", containerFactory = "jobListenerFactory")
	void on(Message message, Channel channel) throws IOException {
		long tag = message.getMessageProperties().getDeliveryTag();
		Optional<CompressionJob> read = this.messages.read(message);
		if (read.isEmpty()) {
			// dead-lettered to the parking queue, never requeued
			channel.basicReject(tag, false);
			return;
		}
		CompressionJob job = read.get();
		try {
			boolean redelivered = Boolean.TRUE.equals(message.getMessageProperties().isRedelivered());
			try {
				this.metrics.timed(() -> this.processor.process(job.uploadId(), redelivered));
			}
			catch (RuntimeException ex) {
				if (!DatabaseOutage.isOutage(ex) || !this.outage.answers()) {
					throw ex;
				}
				// a pooled connection had died, but the database answers: run the
				// job again in this delivery (as a redelivery, which waits for a
				// lease it may have taken), rather than return it to the queue,
				// which would count against its delivery limit as if a worker had
				// crashed
				log.info("Job {} runs again at once: a database connection was lost ({}), the database answers",
						job.uploadId(), ex.toString());
				this.metrics.timed(() -> this.processor.process(job.uploadId(), true));
			}
			channel.basicAck(tag, false);
		}
		catch (RuntimeException ex) {
			if (DatabaseOutage.isOutage(ex)) {
				log.warn("Job {} returned to the queue: the database is unreachable ({})", job.uploadId(),
						ex.toString());
				this.outage.pause();
				channel.basicNack(tag, false, true);
				return;
			}
			log.warn("Job {} failed transiently: {}", job.uploadId(), ex.toString());
			if (this.retries.retryOrFail(job, ex)) {
				channel.basicAck(tag, false);
			}
			else {
				channel.basicNack(tag, false, true);
			}
		}
	}

}
