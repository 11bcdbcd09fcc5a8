package io.imagepipe.testsupport;

import java.util.LinkedHashMap;
import java.util.List;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;
import org.springframework.test.context.support.TestPropertySourceUtils;

/**
 * Puts the settings of {@link TestInfrastructure#get()} into the environment of the
 * context of a test with {@link ImagepipeInfrastructure}, just below the test's inlined
 * properties. One instance equals every other, so all such tests with the same
 * configuration share one cached context, as before.
 */
record TestInfrastructureCustomizer() implements ContextCustomizer {

	static final String PROPERTY_SOURCE_NAME = "imagepipe test infrastructure";

	@Override
	public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration mergedConfig) {
		MutablePropertySources sources = context.getEnvironment().getPropertySources();
		MapPropertySource infrastructure = new MapPropertySource(PROPERTY_SOURCE_NAME,
				new LinkedHashMap<>(TestInfrastructure.get().properties()));
		if (sources.contains(TestPropertySourceUtils.INLINED_PROPERTIES_PROPERTY_SOURCE_NAME)) {
			sources.addAfter(TestPropertySourceUtils.INLINED_PROPERTIES_PROPERTY_SOURCE_NAME, infrastructure);
		}
		else {
			sources.addFirst(infrastructure);
		}
	}

	/**
	 * Registered by {@link ImagepipeInfrastructure @ImagepipeInfrastructure} through
	 * {@code @ContextCustomizerFactories}.
	 */
	static final class Factory implements ContextCustomizerFactory {

		@Override
		public ContextCustomizer createContextCustomizer(Class<?> testClass,
				List<ContextConfigurationAttributes> configAttributes) {
			return new TestInfrastructureCustomizer();
		}

	}

}
