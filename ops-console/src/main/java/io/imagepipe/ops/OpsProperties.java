package io.imagepipe.ops;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How the ops dashboard behaves. The ops user itself is {@code spring.security.user}
 * ({@code OPS_USERNAME}, {@code OPS_PASSWORD}).
 *
 * @param pageSize failed uploads per page when the page does not ask
 * @param maxPageSize the most failed uploads one page may ask for
 * @param retryBatchSize uploads requeued per transaction by "retry all matching"
 * @param retryBatchPause the pause between two such batches, so a bulk retry does not
 * flood the work queue or hold locks for long
 * @param previewSize the longest side of a preview, in pixels
 * @param previewConcurrency previews decoded at once; more requests wait
 * @param overviewCache how long one computed overview is shown to every viewer
 * @param sampleInterval how often the queue depths are read from the broker
 */
@Validated
@ConfigurationProperties("imagepipe.ops")
record OpsProperties(@Positive @DefaultValue("25") int pageSize, @Positive @DefaultValue("200") int maxPageSize,
		@Positive @DefaultValue("100") int retryBatchSize, @NotNull @DefaultValue("200ms") Duration retryBatchPause,
		@Positive @Max(512) @DefaultValue("160") int previewSize, @Positive @DefaultValue("2") int previewConcurrency,
		@NotNull @DefaultValue("5s") Duration overviewCache, @NotNull @DefaultValue("5s") Duration sampleInterval) {

	/**
	 * The page size to use.
	 * @param asked what the request asked for, or {@code null}
	 * @return a size between 1 and {@link #maxPageSize()}
	 */
	int pageSize(Integer asked) {
		return (asked == null) ? this.pageSize : Math.clamp(asked, 1, this.maxPageSize);
	}

}
