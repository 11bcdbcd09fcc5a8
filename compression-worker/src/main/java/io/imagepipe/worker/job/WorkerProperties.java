package io.imagepipe.worker.job;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.imagepipe.contract.ImageKey;
import io.imagepipe.contract.JobTopology;
import io.imagepipe.worker.compress.SlotPreset;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * How the worker takes jobs.
 *
 * @param namespace the prefix of every exchange and queue name
 * @param deliveryLimit deliveries of one job before the broker parks it
 * @param retryDelays the retry tiers' delays, shortest first
 * @param maxAttempts attempts of one upload before a transient error fails it
 * @param concurrency concurrent jobs; 0 sizes it from the cores and the heap
 * @param heapPerJob the heap one job may need, for sizing the concurrency
 */
@Validated
@ConfigurationProperties("imagepipe.messaging")
record WorkerProperties(@NotBlank @DefaultValue("imagepipe") String namespace,
		@Positive @DefaultValue("5") int deliveryLimit, @NotNull @DefaultValue( {
				"2s", "10s", "60s" }) List<Duration> retryDelays,
		@Positive @DefaultValue("5") int maxAttempts, @Min(0) @DefaultValue("0") int concurrency,
		@NotNull @DefaultValue("384MB") DataSize heapPerJob){

	JobTopology topology() {
		return new JobTopology(this.namespace, this.deliveryLimit, this.retryDelays);
	}

	/**
	 * The number of jobs run at once: as configured, or one per core but never more than
	 * the heap holds at {@link #heapPerJob()} each.
	 * @return at least 1
	 */
	int effectiveConcurrency() {
		if (this.concurrency > 0) {
			return this.concurrency;
		}
		long byHeap = Runtime.getRuntime().maxMemory() / this.heapPerJob.toBytes();
		return (int) Math.max(1, Math.min(Runtime.getRuntime().availableProcessors(), byHeap));
	}

	/**
	 * The slots and their presets, from {@code imagepipe.slots}.
	 *
	 * @param slots owner type → slot → preset
	 */
	@Validated
	@ConfigurationProperties("imagepipe")
	record Slots(@NotEmpty Map<String, Map<String, @Valid SlotPreset>> slots) {

		SlotPreset presetFor(ImageKey key) {
			Map<String, SlotPreset> forOwner = this.slots.get(key.ownerType());
			SlotPreset preset = (forOwner != null) ? forOwner.get(key.slot()) : null;
			if (preset == null) {
				throw new IllegalStateException("No preset for slot " + key.ownerType() + "/" + key.slot());
			}
			return preset;
		}

	}

}
