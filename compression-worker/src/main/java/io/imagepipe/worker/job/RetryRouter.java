package io.imagepipe.worker.job;

import java.util.List;
import java.util.concurrent.TimeUnit;

import io.imagepipe.contract.CompressionJob;
import io.imagepipe.contract.JobTopology;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.amqp.rabbit.connection.CorrelationData;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Decides what happens to a job after a transient failure: back to the work queue after a
 * delay that grows with each attempt, or failed for good once the attempts are spent.
 */
@Component
class RetryRouter {

	private static final Logger log = LoggerFactory.getLogger(RetryRouter.class);

	private final Jobs jobs;

	private final JdbcClient jdbc;

	private final RabbitTemplate rabbit;

	private final JobTopology topology;

	private final WorkerProperties properties;

	RetryRouter(Jobs jobs, JdbcClient jdbc, RabbitTemplate rabbit, JobTopology topology, WorkerProperties properties) {
		this.jobs = jobs;
		this.jdbc = jdbc;
		this.rabbit = rabbit;
		this.topology = topology;
		this.properties = properties;
	}

	/**
	 * Route a job that failed transiently.
	 * @param job the job
	 * @param error what went wrong
	 * @return whether the job is taken care of (retried or failed), so its delivery can
	 * be acknowledged; {@code false} when neither the database nor the broker could be
	 * told, so the broker should redeliver it
	 */
	boolean retryOrFail(CompressionJob job, RuntimeException error) {
		try {
			int attempts = attempts(job);
			String reason = "Temporary failure: " + error.getClass().getSimpleName();
			if (attempts >= this.properties.maxAttempts()) {
				this.jobs.markFailed(job.uploadId(), ErrorClass.TRANSIENT,
						reason + " (gave up after " + attempts + " attempts)");
				return true;
			}
			this.jobs.recordError(job.uploadId(), ErrorClass.TRANSIENT, reason);
			return publishToRetryTier(job, Math.max(attempts, 1));
		}
		catch (RuntimeException ex) {
			log.warn("Cannot route job {} for retry ({}); leaving it to redelivery", job.uploadId(), ex.toString());
			pause();
			return false;
		}
	}

	private int attempts(CompressionJob job) {
		return this.jdbc.sql("SELECT attempts FROM uploads WHERE id = :id")
			.param("id", job.uploadId())
			.query(Integer.class)
			.optional()
			.orElse(0);
	}

	private boolean publishToRetryTier(CompressionJob job, int attempts) {
		List<String> tiers = this.topology.retryQueues();
		if (tiers.isEmpty()) {
			return false;
		}
		int tier = Math.min(attempts - 1, tiers.size() - 1);
		long delay = jittered(this.topology.retryDelays().get(tier).toMillis());
		CorrelationData correlation = new CorrelationData(job.uploadId().toString());
		this.rabbit.convertAndSend("", tiers.get(tier), job, (message) -> {
			message.getMessageProperties().setExpiration(String.valueOf(delay));
			return message;
		}, correlation);
		try {
			return correlation.getFuture().get(5, TimeUnit.SECONDS).ack();
		}
		catch (Exception ex) {
			log.warn("Retry publish of job {} not confirmed: {}", job.uploadId(), ex.toString());
			return false;
		}
	}

	/**
	 * A delay between half and all of the tier's delay, so that jobs that failed together
	 * do not all come back at the same moment. The tier queue's own TTL is the ceiling.
	 */
	static long jittered(long delayMillis) {
		return delayMillis / 2 + java.util.concurrent.ThreadLocalRandom.current().nextLong(delayMillis / 2 + 1);
	}

	private static void pause() {
		try {
			Thread.sleep(1000);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
