package io.imagepipe.worker.compress;

import java.util.Map;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.boot.actuate.info.InfoContributor;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The one place the worker's {@link Decoder} is chosen (and the choice logged), with the
 * metric {@code imagepipe.worker.jpeg.decoder} (1, tagged {@code path}) and the
 * {@code decoder} entry of {@code /actuator/info} that tell which path JPEGs take.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(DecoderConfiguration.DecoderProperties.class)
class DecoderConfiguration {

	@Bean
	Decoder decoder(CompressionProperties compression, DecoderProperties properties) {
		return Decoders.chooseAndLog(compression, properties.jpegLibrary());
	}

	@Bean
	MeterBinder jpegDecoderMetric(Decoder decoder) {
		return (registry) -> Gauge.builder("imagepipe.worker.jpeg.decoder", () -> 1)
			.description("How the worker decodes JPEGs: libjpeg-turbo (scaled) or imageio (the fallback)")
			.tag("path", decoder.jpegPath())
			.register(registry);
	}

	@Bean
	InfoContributor jpegDecoderInfo(Decoder decoder, DecoderProperties properties) {
		return (builder) -> builder.withDetail("decoder",
				Map.of("jpeg", decoder.jpegPath(), "library", properties.jpegLibrary()));
	}

	/**
	 * Which native library the JPEG fast path loads.
	 *
	 * @param jpegLibrary the TurboJPEG library JNA loads, by name ({@code turbojpeg}
	 * finds {@code libturbojpeg.so.0}) or path; {@code none} takes the ImageIO path
	 */
	@ConfigurationProperties("imagepipe.compression.decoder")
	record DecoderProperties(@DefaultValue(Decoders.DEFAULT_LIBRARY) String jpegLibrary) {
	}

}
