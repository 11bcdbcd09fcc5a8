package io.imagepipe.worker.job;

import java.util.ArrayList;
import java.util.List;

import io.imagepipe.contract.ImageChange;
import io.imagepipe.contract.JobTopology;

import org.springframework.amqp.core.AcknowledgeMode;
import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.Declarable;
import org.springframework.amqp.core.Declarables;
import org.springframework.amqp.core.DirectExchange;
import org.springframework.amqp.core.FanoutExchange;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.QueueBuilder;
import org.springframework.amqp.rabbit.config.SimpleRabbitListenerContainerFactory;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.support.converter.JacksonJsonMessageConverter;
import org.springframework.amqp.support.converter.MessageConverter;
import org.springframework.amqp.support.converter.SimpleMessageConverter;
import org.springframework.boot.amqp.autoconfigure.SimpleRabbitListenerContainerFactoryConfigurer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The whole job topology, declared in one place: the work exchange and quorum queue with
 * its delivery limit, the retry tiers that dead-letter back to it, and the parking queue.
 * The listener factory is built through Boot's configurer so that every
 * {@code spring.rabbitmq.listener.simple.*} setting still applies.
 */
@Configuration(proxyBeanMethods = false)
class RabbitMQConfig {

	/** How long a stopping worker lets jobs in hand finish before returning them. */
	private static final java.time.Duration SHUTDOWN_TIMEOUT = java.time.Duration.ofSeconds(30);

	@Bean
	JobTopology jobTopology(WorkerProperties properties) {
		return properties.topology();
	}

	@Bean
	Declarables jobDeclarables(JobTopology topology) {
		List<Declarable> all = new ArrayList<>();
		DirectExchange exchange = new DirectExchange(topology.exchange(), true, false);
		DirectExchange deadLetters = new DirectExchange(topology.deadLetterExchange(), true, false);
		Queue work = QueueBuilder.durable(topology.workQueue()).withArguments(topology.workQueueArguments()).build();
		Queue parked = QueueBuilder.durable(topology.parkedQueue())
			.withArguments(topology.parkedQueueArguments())
			.build();
		all.addAll(List.of(exchange, deadLetters, work, parked));
		// the announcements of written images to every serving-api instance
		all.add(new FanoutExchange(ImageChange.exchange(topology.namespace()), true, false));
		all.add(BindingBuilder.bind(work).to(exchange).with(topology.workRoutingKey()));
		all.add(BindingBuilder.bind(parked).to(deadLetters).with(topology.parkedRoutingKey()));
		List<String> retryQueues = topology.retryQueues();
		for (int tier = 0; tier < retryQueues.size(); tier++) {
			all.add(QueueBuilder.durable(retryQueues.get(tier))
				.withArguments(topology.retryQueueArguments(tier))
				.build());
		}
		return new Declarables(all);
	}

	@Bean
	MessageConverter jobMessageConverter() {
		return new JacksonJsonMessageConverter();
	}

	/**
	 * Jobs are CPU-bound: each consumer takes one message at a time and acknowledges it
	 * only after the database commit.
	 */
	@Bean
	SimpleRabbitListenerContainerFactory jobListenerFactory(SimpleRabbitListenerContainerFactoryConfigurer configurer,
			ConnectionFactory connectionFactory, WorkerProperties properties) {
		SimpleRabbitListenerContainerFactory factory = new SimpleRabbitListenerContainerFactory();
		configurer.configure(factory, connectionFactory);
		factory.setAcknowledgeMode(AcknowledgeMode.MANUAL);
		factory.setPrefetchCount(1);
		factory.setConcurrentConsumers(properties.effectiveConcurrency());
		factory.setMaxConcurrentConsumers(properties.effectiveConcurrency());
		factory.setDefaultRequeueRejected(false);
		// listeners read raw messages (JobMessages), so that a body that is not a job
		// reaches them to be rejected instead of failing conversion in the container
		factory.setMessageConverter(new SimpleMessageConverter());
		factory.setContainerCustomizer((container) -> container.setShutdownTimeout(SHUTDOWN_TIMEOUT.toMillis()));
		return factory;
	}

}
