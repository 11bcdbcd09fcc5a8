package io.imagepipe.worker.job;

import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

import io.imagepipe.contract.DecodeDeadline;
import io.imagepipe.worker.compress.CompressedImage;
import io.imagepipe.worker.compress.ImageCompressor;
import io.imagepipe.worker.compress.UnprocessableImage;
import io.imagepipe.worker.job.Jobs.Claim;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs one job: claim the upload, compress it, and in one transaction mark it done and
 * write its image, unless a newer upload's image is already served or the image was
 * deleted after the upload was made (a deletion marker ranks after it). Safe to run any
 * number of times for the same upload.
 */
@Component
class JobProcessor {

	private static final Logger log = LoggerFactory.getLogger(JobProcessor.class);

	private final Jobs jobs;

	private final ImageCompressor compressor;

	private final WorkerProperties.Slots slots;

	private final TransactionTemplate transaction;

	private final JobLeases leases;

	private final JobLimits limits;

	JobProcessor(Jobs jobs, ImageCompressor compressor, WorkerProperties.Slots slots, TransactionTemplate transaction,
			JobLeases leases, JobLimits limits) {
		this.leases = leases;
		this.limits = limits;
		this.jobs = jobs;
		this.compressor = compressor;
		this.slots = slots;
		this.transaction = transaction;
	}

	/**
	 * Process one upload delivered for the first time.
	 * @param uploadId the upload
	 * @return what became of it
	 */
	Outcome process(UUID uploadId) {
		return process(uploadId, false);
	}

	/**
	 * Process one upload. A job that another worker holds by a live lease is not taken: a
	 * first delivery of it is a duplicate and is dropped (the holder finishes it, and the
	 * broker redelivers the holder's own message if it dies); a redelivery, which may be
	 * that message after its worker died, waits until the lease ran out.
	 * @param uploadId the upload
	 * @param redelivered whether the broker delivered this message before
	 * @return what became of it
	 */
	@SuppressWarnings("try") // the lease is held for the block, not used in it
	Outcome process(UUID uploadId, boolean redelivered) {
		Optional<Claim> claimed = claimOrWait(uploadId, redelivered);
		if (claimed.isEmpty()) {
			log.info("Upload {} is finished, unknown or held by another worker; nothing to do", uploadId);
			return Outcome.SKIPPED;
		}
		Claim claim = claimed.get();
		try (JobLeases.Held held = this.leases.hold(uploadId)) {
			return process(claim);
		}
	}

	private Optional<Claim> claimOrWait(UUID uploadId, boolean redelivered) {
		Duration lease = this.limits.lease();
		long giveUp = System.nanoTime() + 2 * lease.toNanos();
		Optional<Claim> claimed = this.jobs.claim(uploadId, lease);
		while (claimed.isEmpty() && redelivered && System.nanoTime() < giveUp) {
			Optional<Duration> left = this.jobs.leaseLeft(uploadId);
			if (left.isEmpty()) {
				return this.jobs.claim(uploadId, lease);
			}
			log.info("Upload {} is held by another worker for {} ms more; waiting for its lease", uploadId,
					left.get().toMillis());
			try {
				Thread.sleep(Math.min(1000, left.get().toMillis() + 50));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return Optional.empty();
			}
			claimed = this.jobs.claim(uploadId, lease);
		}
		return claimed;
	}

	private Outcome process(Claim claim) {
		UUID uploadId = claim.id();
		if (this.jobs.deletedSince(claim)) {
			log.info("Upload {} for {} was made before the image was deleted; it is not written", uploadId,
					claim.key());
			this.jobs.markDeleted(uploadId);
			return Outcome.DELETED;
		}
		if (this.jobs.newerImageServed(claim)) {
			this.jobs.markSuperseded(uploadId);
			return Outcome.SUPERSEDED;
		}
		Optional<byte[]> source = this.jobs.rawBytes(uploadId);
		if (source.isEmpty()) {
			this.jobs.markFailed(uploadId, ErrorClass.UNPROCESSABLE, "The uploaded bytes were discarded.");
			return Outcome.FAILED;
		}
		CompressedImage image;
		try {
			image = this.compressor.compress(source.get(), this.slots.presetFor(claim.key()),
					DecodeDeadline.in(this.limits.decodeDeadline()));
		}
		catch (UnprocessableImage ex) {
			log.info("Upload {} for {} is unprocessable: {}", uploadId, claim.key(), ex.getMessage());
			this.jobs.markFailed(uploadId, ErrorClass.UNPROCESSABLE, ex.getMessage());
			return Outcome.FAILED;
		}
		Outcome outcome = this.transaction.execute((status) -> finish(claim, image));
		log.info("Upload {} for {}: {} ({}x{}, {} bytes, quality {}, {} renditions, {} ms)", uploadId, claim.key(),
				outcome, image.width(), image.height(), image.bytes().length, image.quality(),
				image.renditions().size(), image.encodeMillis());
		return outcome;
	}

	private Outcome finish(Claim claim, CompressedImage image) {
		// the image's deletion takes the same lock: checked under it, a deletion
		// committed
		// while the image was compressed is seen here
		this.jobs.lockImage(claim.key());
		if (this.jobs.deletedSince(claim)) {
			this.jobs.markDeleted(claim.id());
			return Outcome.DELETED;
		}
		if (!this.jobs.markDone(claim.id(), image.sha256())) {
			return Outcome.SKIPPED;
		}
		if (!this.jobs.writeImage(claim, image)) {
			this.jobs.markSuperseded(claim.id());
			return Outcome.SUPERSEDED;
		}
		return Outcome.DONE;
	}

	/**
	 * What became of a job.
	 */
	enum Outcome {

		/** Its image is now served. */
		DONE,

		/** A newer upload's image is served instead. */
		SUPERSEDED,

		/**
		 * The image was deleted after this upload was made (newest intent wins): nothing
		 * is written, and the upload's raw bytes are gone.
		 */
		DELETED,

		/** It failed for good, with a reason. */
		FAILED,

		/** Another delivery of the same job had already finished it. */
		SKIPPED

	}

}
