package io.imagepipe.ingest.retention;

import java.time.Duration;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How long raw uploads keep their bytes ({@link RawUploadRetention}).
 *
 * @param enabled whether the scheduled cleanup runs; {@code false} keeps every raw upload
 * for ever
 * @param replacedAfter how long an upload that is not served (superseded, or done and
 * since replaced) keeps its raw bytes after it finished
 * @param failedAfter how long a failed upload keeps its raw bytes after it failed, so
 * that ops staff can retry it
 * @param interval the pause between cleanup runs
 * @param batchSize the uploads freed per transaction
 * @param maxBatches the most batches of one run
 * @param storageSampleInterval how often the bytes stored by kind are read for the
 * metrics
 */
@Validated
@ConfigurationProperties("imagepipe.retention")
public record RetentionProperties(@DefaultValue("true") boolean enabled,
		@NotNull @DefaultValue("1h") Duration replacedAfter, @NotNull @DefaultValue("14d") Duration failedAfter,
		@NotNull @DefaultValue("1m") Duration interval, @Min(1) @DefaultValue("100") int batchSize,
		@Min(1) @DefaultValue("50") int maxBatches, @NotNull @DefaultValue("30s") Duration storageSampleInterval) {

}
