package io.imagepipe.serving.image;

import java.util.ArrayDeque;
import java.util.Deque;

import io.imagepipe.contract.ImageChange;
import io.imagepipe.contract.ImageChangeSubscription;
import io.imagepipe.contract.ImageKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.amqp.core.Declarables;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.rabbit.annotation.RabbitListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.dao.DataAccessException;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;

/**
 * Tells {@link CurrentImages} which images changed, two ways:
 * <ul>
 * <li><b>Messages.</b> compression-worker and ingest-api's deletion publish an
 * {@link ImageChange} after their commit to a fanout exchange; this instance binds a
 * queue of its own to it (exclusive, deleted with its connection), so every instance
 * hears every change within milliseconds of the commit.</li>
 * <li><b>A poll</b>, every {@code SERVING_CHANGE_POLL_INTERVAL}, of the rows of
 * {@code images} and {@code image_deletions} numbered higher than the floor it has seen:
 * a plain read, so it works on a hot standby, where {@code LISTEN} does not. A message
 * lost (the broker down, a reconnect) costs at most one interval plus the replica's lag.
 * Numbers are taken before the commit, so a change can become visible after a higher one:
 * each poll reads again from the highest number seen at least
 * {@code SERVING_CHANGE_LOOKBACK} earlier, and announcing a change twice is
 * harmless.</li>
 * </ul>
 * Memory is used only once the poll has a starting point and has read the changes once
 * after it ({@link CurrentImages#follow()}), one interval after startup.
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class ImageChangeFeed implements SchedulingConfigurer {

	private static final Logger log = LoggerFactory.getLogger(ImageChangeFeed.class);

	private final Images images;

	private final CurrentImages current;

	private final ServingProperties properties;

	private final ImageFiles files;

	/** The highest number seen by each poll, oldest first, back to one a lookback old. */
	private final Deque<Seen> seen = new ArrayDeque<>();

	private boolean failing;

	ImageChangeFeed(Images images, CurrentImages current, ServingProperties properties, ImageFiles files) {
		this.images = images;
		this.current = current;
		this.properties = properties;
		this.files = files;
	}

	@Bean
	static Queue imageChangeQueue() {
		return ImageChangeSubscription.queue();
	}

	@Bean
	static Declarables imageChangeBindings(Queue imageChangeQueue, ServingProperties properties) {
		return ImageChangeSubscription.bindings(imageChangeQueue, properties.namespace());
	}

	@RabbitListener(queues = "#{imageChangeQueue.name}")
	void onChange(Message message) {
		ImageChangeSubscription.read(message).ifPresent((change) -> announce(change.key(), change.changeSeq()));
	}

	@Override
	public void configureTasks(ScheduledTaskRegistrar registrar) {
		registrar.addFixedDelayTask(this::poll, this.properties.changePollInterval());
	}

	/**
	 * Read the changes committed since the last poll (and a lookback before it), and
	 * announce them; the first poll only takes the starting point.
	 */
	synchronized void poll() {
		try {
			long now = System.nanoTime();
			if (this.seen.isEmpty()) {
				this.seen.add(new Seen(now, this.images.lastChange()));
			}
			else {
				long floor = floor(now);
				long highest = this.seen.getLast().highest();
				for (ImageChange change : this.images.changesAfter(floor)) {
					announce(change.key(), change.changeSeq());
					highest = Math.max(highest, change.changeSeq());
				}
				this.seen.add(new Seen(now, highest));
			}
			// one poll after the starting point (at once with no lookback): a change
			// still
			// in flight when the starting point was taken is announced by its message
			long settle = Math.min(this.properties.changeLookback().toNanos(),
					this.properties.changePollInterval().toNanos());
			if (!this.current.isFollowing() && now - this.seen.getFirst().at() >= settle) {
				this.current.follow();
			}
			if (this.failing) {
				log.info("Reading the image changes works again");
				this.failing = false;
			}
		}
		catch (DataAccessException ex) {
			if (!this.failing) {
				log.warn("Could not read the image changes; the metadata in memory stays until they can be read "
						+ "(or {} pass): {}", this.properties.metadataMaxAge(), ex.getMessage());
				this.failing = true;
			}
		}
	}

	/**
	 * The metadata in memory first: a file is never written for a state known to be old.
	 */
	private void announce(ImageKey key, long changeSeq) {
		this.current.announce(key, changeSeq);
		this.files.announce(key, changeSeq);
	}

	/**
	 * The highest number seen by the newest poll that is at least a lookback old (else by
	 * the oldest one), dropping the polls before it.
	 */
	private long floor(long now) {
		long lookback = this.properties.changeLookback().toNanos();
		while (this.seen.size() > 1) {
			Seen second = this.seen.stream().skip(1).findFirst().orElseThrow();
			if (now - second.at() < lookback) {
				break;
			}
			this.seen.removeFirst();
		}
		return this.seen.getFirst().highest();
	}

	private record Seen(long at, long highest) {
	}

}
