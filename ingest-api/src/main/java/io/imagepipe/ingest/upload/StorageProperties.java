package io.imagepipe.ingest.upload;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * How much ingest-api stores before it refuses uploads.
 *
 * @param maxBytesPerOwner the most raw upload bytes one owner (such as {@code users/42},
 * all slots together) may hold; an upload over it gets 507 {@code owner-storage-full}
 * @param maxDatabaseSize the size of the whole database past which uploads get 507
 * {@code storage-full}, well before the disk is full
 * @param sampleInterval how often the database size is read
 * @param retryAfter the {@code Retry-After} of {@code storage-full}
 */
@Validated
@ConfigurationProperties("imagepipe.upload.storage")
public record StorageProperties(@NotNull @DefaultValue("1GB") DataSize maxBytesPerOwner,
		@NotNull @DefaultValue("100GB") DataSize maxDatabaseSize, @NotNull @DefaultValue("10s") Duration sampleInterval,
		@NotNull @DefaultValue("5m") Duration retryAfter) {

}
