package io.imagepipe.ingest.job;

import io.imagepipe.contract.ImageChange;
import io.imagepipe.contract.JobTopology;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.amqp.AmqpException;
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.core.Binding;
import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.Declarables;
import org.springframework.amqp.core.DirectExchange;
import org.springframework.amqp.core.FanoutExchange;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.QueueBuilder;
import org.springframework.amqp.support.converter.JacksonJsonMessageConverter;
import org.springframework.amqp.support.converter.MessageConverter;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The broker objects ingest-api publishes to. It declares the exchange and the work queue
 * so that jobs accepted before any worker ever started are kept; the worker declares the
 * same objects, with the same arguments, from the same {@link JobTopology}.
 */
@Configuration(proxyBeanMethods = false)
class RabbitMQConfig {

	private static final Logger log = LoggerFactory.getLogger(RabbitMQConfig.class);

	@Bean
	JobTopology jobTopology(MessagingProperties properties) {
		return properties.topology();
	}

	@Bean
	Declarables jobDeclarables(JobTopology topology) {
		DirectExchange exchange = new DirectExchange(topology.exchange(), true, false);
		DirectExchange deadLetters = new DirectExchange(topology.deadLetterExchange(), true, false);
		Queue work = QueueBuilder.durable(topology.workQueue()).withArguments(topology.workQueueArguments()).build();
		Queue parked = QueueBuilder.durable(topology.parkedQueue())
			.withArguments(topology.parkedQueueArguments())
			.build();
		Binding workBinding = BindingBuilder.bind(work).to(exchange).with(topology.workRoutingKey());
		Binding parkedBinding = BindingBuilder.bind(parked).to(deadLetters).with(topology.parkedRoutingKey());
		// the announcements of deleted images to every serving-api instance
		FanoutExchange imageChanges = new FanoutExchange(ImageChange.exchange(topology.namespace()), true, false);
		return new Declarables(exchange, deadLetters, work, parked, workBinding, parkedBinding, imageChanges);
	}

	/**
	 * Declare them at startup, when the broker answers, rather than when the first
	 * connection happens to be opened (the first publish or relay round): the queue then
	 * exists, and keeps jobs, from the moment this instance runs. When the broker is away
	 * the declarations are made on the first connection later, as Spring AMQP does.
	 */
	@Bean
	ApplicationRunner declareJobTopologyAtStartup(AmqpAdmin admin) {
		return (arguments) -> {
			try {
				admin.initialize();
			}
			catch (AmqpException ex) {
				log.warn("The broker objects are not declared yet ({}); they will be on the first connection",
						ex.toString());
			}
		};
	}

	@Bean
	MessageConverter jobMessageConverter() {
		return new JacksonJsonMessageConverter();
	}

}
