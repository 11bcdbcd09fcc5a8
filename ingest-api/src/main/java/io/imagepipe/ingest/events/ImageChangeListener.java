package io.imagepipe.ingest.events;

import io.imagepipe.contract.ImageChangeSubscription;
import io.imagepipe.contract.JobTopology;

import org.springframework.amqp.core.Declarables;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.rabbit.annotation.RabbitListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Hears the announcements of changed images ({@link io.imagepipe.contract.ImageChange},
 * published by compression-worker and by this service's deletion after their commit) on a
 * queue of this instance's own (exclusive, deleted with its connection), and has the
 * {@link StatusPoller} read the streams of that image at once. Best effort: a lost
 * message costs one poll interval.
 */
@Configuration(proxyBeanMethods = false)
class ImageChangeListener {

	private final StatusPoller poller;

	ImageChangeListener(StatusPoller poller) {
		this.poller = poller;
	}

	@Bean
	static Queue uploadEventsChangeQueue() {
		return ImageChangeSubscription.queue();
	}

	@Bean
	static Declarables uploadEventsChangeBindings(Queue uploadEventsChangeQueue, JobTopology topology) {
		return ImageChangeSubscription.bindings(uploadEventsChangeQueue, topology.namespace());
	}

	@RabbitListener(queues = "#{uploadEventsChangeQueue.name}")
	void onChange(Message message) {
		ImageChangeSubscription.read(message).ifPresent((change) -> this.poller.changed(change.key()));
	}

}
