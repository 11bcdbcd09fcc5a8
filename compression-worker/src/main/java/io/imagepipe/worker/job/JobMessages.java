package io.imagepipe.worker.job;

import java.util.Optional;

import io.imagepipe.contract.CompressionJob;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.amqp.core.Message;
import org.springframework.stereotype.Component;

/**
 * Reads job messages from their JSON body. A message that is not a job (a poison message)
 * is reported as empty, so that the listener can reject it explicitly: with manual
 * acknowledgement, a message the container failed to convert would stay unacknowledged
 * and hold a consumer until its channel closes. The body alone decides, never a type
 * header.
 */
@Component
class JobMessages {

	private static final Logger log = LoggerFactory.getLogger(JobMessages.class);

	private final JsonMapper json = JsonMapper.builder().build();

	Optional<CompressionJob> read(Message message) {
		try {
			return Optional.of(this.json.readValue(message.getBody(), CompressionJob.class));
		}
		catch (RuntimeException ex) {
			log.debug("Unreadable job message", ex);
		}
		log.warn("Not a compression job, rejecting: {} bytes from exchange '{}'", message.getBody().length,
				message.getMessageProperties().getReceivedExchange());
		return Optional.empty();
	}

}
