package io.imagepipe.contract;

import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.amqp.core.AnonymousQueue;
import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.Declarables;
import org.springframework.amqp.core.FanoutExchange;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.Queue;

/**
 * The listening side of {@link ImageChangeAnnouncer}: each instance that wants to hear
 * every {@link ImageChange} (serving-api's metadata, ingest-api's upload event streams)
 * binds a queue of its own to the fanout exchange, exclusive and deleted with its
 * connection, so a stopped instance leaves nothing behind.
 */
public final class ImageChangeSubscription {

	private static final Logger log = LoggerFactory.getLogger(ImageChangeSubscription.class);

	private ImageChangeSubscription() {
	}

	/**
	 * A queue of this instance's own for the changes.
	 * @return a server-named, exclusive, auto-delete queue
	 */
	public static Queue queue() {
		return new AnonymousQueue();
	}

	/**
	 * The exchange, declared where it does not exist yet, and the queue's binding to it.
	 * @param queue the instance's queue
	 * @param namespace the prefix of every broker name
	 * @return what to declare
	 */
	public static Declarables bindings(Queue queue, String namespace) {
		FanoutExchange exchange = new FanoutExchange(ImageChange.exchange(namespace), true, false);
		return new Declarables(exchange, BindingBuilder.bind(queue).to(exchange));
	}

	/**
	 * Read a message from the queue; one that is not a change is logged and skipped.
	 * @param message the message
	 * @return the change, or empty
	 */
	public static Optional<ImageChange> read(Message message) {
		try {
			return Optional.of(ImageChange.parse(message.getBody()));
		}
		catch (IllegalArgumentException ex) {
			log.warn("Ignored a message on the image change exchange that is not a change");
			return Optional.empty();
		}
	}

}
