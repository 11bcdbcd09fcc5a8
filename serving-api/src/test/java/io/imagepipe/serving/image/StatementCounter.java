package io.imagepipe.serving.image;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.sql.DataSource;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * Records every SQL statement serving-api prepares or creates on its pool, whatever runs
 * it: the connections of the context's {@link DataSource} are wrapped so that each
 * {@code prepareStatement}, {@code prepareCall} and {@code createStatement} is recorded
 * before it reaches the driver.
 */
@TestConfiguration(proxyBeanMethods = false)
class StatementCounter {

	private static final List<String> statements = new CopyOnWriteArrayList<>();

	/**
	 * The statements recorded since the last {@link #reset()}.
	 * @return their SQL ({@code <statement>} for a plain one)
	 */
	static List<String> statements() {
		return List.copyOf(statements);
	}

	static void reset() {
		statements.clear();
	}

	@Bean
	static BeanPostProcessor countingDataSource() {
		return new BeanPostProcessor() {
			@Override
			public Object postProcessAfterInitialization(Object bean, String beanName) {
				return (bean instanceof DataSource dataSource && !(bean instanceof Counting)) ? new Counting(dataSource)
						: bean;
			}
		};
	}

	private static final class Counting extends DelegatingDataSource {

		Counting(DataSource target) {
			super(target);
		}

		@Override
		public Connection getConnection() throws SQLException {
			return counted(super.getConnection());
		}

		@Override
		public Connection getConnection(String username, String password) throws SQLException {
			return counted(super.getConnection(username, password));
		}

		private static Connection counted(Connection connection) {
			return (Connection) Proxy.newProxyInstance(StatementCounter.class.getClassLoader(),
					new Class<?>[] { Connection.class }, (proxy, method, args) -> {
						record(method, args);
						try {
							return method.invoke(connection, args);
						}
						catch (InvocationTargetException ex) {
							throw ex.getCause();
						}
					});
		}

		private static void record(Method method, Object[] args) {
			switch (method.getName()) {
				case "prepareStatement", "prepareCall" -> statements.add(String.valueOf(args[0]));
				case "createStatement" -> statements.add("<statement>");
				default -> {
				}
			}
		}

	}

}
