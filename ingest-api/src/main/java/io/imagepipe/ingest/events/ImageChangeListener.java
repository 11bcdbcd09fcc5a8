package io.imagepipe.ingest.events;

import io.imagepipe.contract.ImageChange;
import io.imagepipe.contract.JobTopology;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.amqp.core.AnonymousQueue;
import org.springframework.amqp.core.Binding;
import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.Declarables;
import org.springframework.amqp.core.FanoutExchange;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.rabbit.annotation.RabbitListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Hears the announcements of changed images ({@link ImageChange}, published by
 * compression-worker and by this service's deletion after their commit) on a queue of
 * this instance's own (exclusive, deleted with its connection), and has the
 * {@link StatusPoller} read the streams of that image at once. Best effort: a lost
 * message costs one poll interval.
 */
@Configuration(proxyBeanMethods = false)
class ImageChangeListener {

	private static final Logger log = LoggerFactory.getLogger(ImageChangeListener.class);

	private final StatusPoller poller;

	ImageChangeListener(StatusPoller poller) {
		this.poller = poller;
	}

	@Bean
	static Queue uploadEventsChangeQueue() {
		return new AnonymousQueue();
	}

	@Bean
	static Declarables uploadEventsChangeBindings(Queue uploadEventsChangeQueue, JobTopology topology) {
		FanoutExchange exchange = new FanoutExchange(ImageChange.exchange(topology.namespace()), true, false);
		Binding binding = BindingBuilder.bind(uploadEventsChangeQueue).to(exchange);
		return new Declarables(exchange, binding);
	}

	@RabbitListener(queues = "#{uploadEventsChangeQueue.name}")
	void onChange(Message message) {
		ImageChange change;
		try {
			change = ImageChange.parse(message.getBody());
		}
		catch (IllegalArgumentException ex) {
			log.warn("Ignored a message on the image change exchange that is not a change");
			return;
		}
		this.poller.changed(change.key());
	}

}
