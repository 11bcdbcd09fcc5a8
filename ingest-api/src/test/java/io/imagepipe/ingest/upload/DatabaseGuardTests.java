package io.imagepipe.ingest.upload;

import java.net.ServerSocket;
import java.sql.Connection;
import java.time.Duration;

import com.zaxxer.hikari.HikariDataSource;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.springboot.circuitbreaker.autoconfigure.CircuitBreakerAutoConfiguration;
import io.imagepipe.testsupport.TestInfrastructure;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.ConfigDataApplicationContextInitializer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * What the breaker counts as an outage, with real Hikari pools: a pool that is only busy
 * is not one, a database that cannot be reached is.
 */
class DatabaseGuardTests {

	private final DatabaseGuard guard = new DatabaseGuard(breakersAsConfigured());

	@Test
	void theBreakerIsTheOneApplicationYmlConfigures() {
		CircuitBreakerConfig config = breakersAsConfigured().circuitBreaker("database").getCircuitBreakerConfig();

		assertThat(config.getSlidingWindowSize()).isEqualTo(10);
		assertThat(config.getMinimumNumberOfCalls()).isEqualTo(2);
		assertThat(config.getFailureRateThreshold()).isEqualTo(50);
		assertThat(config.getWaitIntervalFunctionInOpenState().apply(1)).isEqualTo(5000);
		assertThat(config.getRecordExceptionPredicate().test(new java.sql.SQLException("refused", "08001"))).isTrue();
		assertThat(config.getRecordExceptionPredicate().test(new IllegalStateException("a bug"))).isFalse();
	}

	@Test
	void aBusyPoolAnswersTooBusyAndNeverOpensTheBreaker() throws Exception {
		TestInfrastructure infrastructure = TestInfrastructure.get();
		try (HikariDataSource pool = pool(infrastructure.jdbcUrl(), infrastructure.user(), infrastructure.password());
				Connection held = pool.getConnection()) {
			assertThat(held.isValid(1)).as("the pool's only connection is taken").isTrue();
			JdbcClient jdbc = JdbcClient.create(pool);
			for (int i = 0; i < 10; i++) {
				assertThatExceptionOfType(DatabaseGuard.DatabaseBusy.class)
					.isThrownBy(() -> this.guard.call(() -> jdbc.sql("SELECT 1").query(Integer.class).single()));
			}
			assertThat(this.guard.state()).isEqualTo(CircuitBreaker.State.CLOSED);
		}
	}

	@Test
	void anUnreachableDatabaseIsAnOutageAndOpensTheBreaker() throws Exception {
		int closedPort;
		try (ServerSocket socket = new ServerSocket(0)) {
			closedPort = socket.getLocalPort();
		}
		try (HikariDataSource pool = pool("jdbc:postgresql://127.0.0.1:" + closedPort + "/none", "postgres", "")) {
			JdbcClient jdbc = JdbcClient.create(pool);
			for (int i = 0; i < 2; i++) {
				assertThatExceptionOfType(DatabaseGuard.DatabaseUnavailable.class)
					.isThrownBy(() -> this.guard.call(() -> jdbc.sql("SELECT 1").query(Integer.class).single()));
			}
			assertThat(this.guard.state()).isEqualTo(CircuitBreaker.State.OPEN);
		}
	}

	private static HikariDataSource pool(String url, String user, String password) {
		HikariDataSource pool = new HikariDataSource();
		pool.setJdbcUrl(url);
		pool.setUsername(user);
		pool.setPassword(password);
		pool.setMaximumPoolSize(1);
		pool.setConnectionTimeout(250);
		pool.setInitializationFailTimeout(-1);
		return pool;
	}

	/**
	 * The circuit breaker registry as resilience4j's Spring Boot integration builds it
	 * from ingest-api's own application.yml.
	 */
	private static CircuitBreakerRegistry breakersAsConfigured() {
		CircuitBreakerRegistry[] registry = new CircuitBreakerRegistry[1];
		new ApplicationContextRunner().withInitializer(new ConfigDataApplicationContextInitializer())
			.withConfiguration(AutoConfigurations.of(CircuitBreakerAutoConfiguration.class))
			.run((context) -> registry[0] = context.getBean(CircuitBreakerRegistry.class));
		return registry[0];
	}

}
