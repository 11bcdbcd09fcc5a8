package io.imagepipe.worker.compress;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.imagepipe.contract.DecodeDeadline;
import io.imagepipe.contract.ImageStructure;
import io.imagepipe.contract.VersionedUrls;
import net.coobird.thumbnailator.Thumbnails;
import net.coobird.thumbnailator.geometry.Positions;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Turns an upload into the WebP to serve and its renditions: refuse a file whose
 * structure implies unbounded decode work ({@link ImageStructure}), decode upright in
 * sRGB through the {@link Decoder} (JPEGs scaled by libjpeg-turbo to just cover the
 * slot's size), resize to the slot's preset with Thumbnailator, and encode at the highest
 * quality that fits the budget. When even the lowest quality does not fit, the picture is
 * scaled down a step and tried again. A source that needs no resizing never becomes a
 * larger file than it was when a lossless or lower-quality encode avoids it.
 * <p>
 * The renditions are made from the resized picture. While fewer jobs run than there are
 * cores (an idle queue), they are resized and encoded on a spare core at the same time as
 * the main WebP, which takes most of a job's CPU; when every core has a job, they follow
 * it on the job's own thread, so a busy worker never runs more encodes than cores.
 */
@Component
public class ImageCompressor {

	private static final double DOWNSCALE_STEP = 0.75;

	private static final int MAX_DOWNSCALES = 8;

	private final CompressionProperties properties;

	private final Decoder decoder;

	private final WebPEncoder encoder;

	private final ImageStructure structure;

	private final int cores;

	private final AtomicInteger running = new AtomicInteger();

	private final ExecutorService spare;

	/**
	 * A compressor that decodes JPEGs with libjpeg-turbo where it loads
	 * ({@link Decoders#standard}).
	 * @param properties the compression settings
	 */
	public ImageCompressor(CompressionProperties properties) {
		this(properties, Decoders.standard(properties));
	}

	/**
	 * A compressor with a given decoder.
	 * @param properties the compression settings
	 * @param decoder the decoder, chosen once ({@link DecoderConfiguration})
	 */
	@Autowired
	public ImageCompressor(CompressionProperties properties, Decoder decoder) {
		this(properties, decoder, Runtime.getRuntime().availableProcessors());
	}

	/**
	 * A compressor for a given number of cores.
	 * @param properties the compression settings
	 * @param decoder the decoder
	 * @param cores the cores jobs share: renditions are made on a spare one while fewer
	 * jobs than this run
	 */
	ImageCompressor(CompressionProperties properties, Decoder decoder, int cores) {
		this.properties = properties;
		this.decoder = decoder;
		this.encoder = new WebPEncoder(properties.method());
		this.structure = new ImageStructure(properties.maxPixels(), properties.maxFrames());
		this.cores = Math.max(1, cores);
		this.spare = (this.cores > 1) ? spareCores(this.cores - 1) : null;
	}

	/**
	 * How JPEGs are decoded.
	 * @return {@code libjpeg-turbo} or {@code imageio}
	 */
	public String jpegPath() {
		return this.decoder.jpegPath();
	}

	/**
	 * Compress one upload for a slot.
	 * @param source the upload's bytes
	 * @param preset the slot's size and renditions
	 * @return the WebP, its renditions and what they are
	 * @throws UnprocessableImage when the upload can never be processed
	 */
	public CompressedImage compress(byte[] source, SlotPreset preset) {
		return compress(source, preset, null);
	}

	/**
	 * Compress one upload for a slot, decoding it under a deadline.
	 * @param source the upload's bytes
	 * @param preset the slot's size and renditions
	 * @param deadline when the decode must be done, or {@code null} for no deadline
	 * @return the WebP, its renditions and what they are
	 * @throws UnprocessableImage when the upload can never be processed, its structure
	 * implies unbounded work or its decode passed the deadline
	 */
	public CompressedImage compress(byte[] source, SlotPreset preset, DecodeDeadline deadline) {
		long start = System.nanoTime();
		checkStructure(source);
		boolean idle = this.running.incrementAndGet() < this.cores;
		try {
			BufferedImage decoded = this.decoder.decode(source, preset, deadline);
			BufferedImage image = resize(decoded, preset.maxWidth(), preset.maxHeight(), preset.fit());
			Future<List<Rendition>> early = (idle && this.spare != null && !preset.renditions().isEmpty())
					? this.spare.submit(() -> renditions(image, preset.renditions())) : null;
			Fitted main = fitBudget(image);
			WebPEncoder.Encoded encoded = main.encoded();
			if (image == decoded && encoded.size() > source.length) {
				encoded = smallerForSmallSource(main.image(), encoded, source.length);
			}
			List<Rendition> renditions = (early != null && main.image() == image) ? result(early)
					: renditions(main.image(), preset.renditions());
			long millis = (System.nanoTime() - start) / 1_000_000;
			return new CompressedImage(encoded.bytes(), main.image().getWidth(), main.image().getHeight(),
					sha256(encoded.bytes()), encoded.quality(), millis, Placeholder.color(main.image()), renditions);
		}
		catch (OutOfMemoryError ex) {
			throw new NotEnoughMemory(ex);
		}
		finally {
			this.running.decrementAndGet();
		}
	}

	/**
	 * Refuse an empty file, and one whose structure implies unbounded decode work, before
	 * either decode path reads it (a native decode cannot be aborted, so its work is
	 * bounded before it starts).
	 */
	private void checkStructure(byte[] source) {
		if (source.length == 0) {
			throw new UnprocessableImage("The file is empty.");
		}
		try {
			this.structure.check(source);
		}
		catch (ImageStructure.TooMuchWork ex) {
			throw new UnprocessableImage(ex.getMessage(), ex);
		}
	}

	/**
	 * The renditions made on a spare core, or what stopped them. When the main WebP's
	 * encode failed first, they are not waited for: they end on their own.
	 */
	private static List<Rendition> result(Future<List<Rendition>> renditions) {
		try {
			return renditions.get();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while the renditions were made", ex);
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof RuntimeException runtime) {
				throw runtime;
			}
			if (ex.getCause() instanceof Error error) {
				throw error;
			}
			throw new IllegalStateException(ex.getCause());
		}
	}

	/**
	 * Daemon threads for the renditions of a job that runs on an otherwise idle worker,
	 * ending after a minute without work.
	 */
	private static ExecutorService spareCores(int threads) {
		AtomicInteger count = new AtomicInteger();
		ThreadPoolExecutor executor = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS,
				new LinkedBlockingQueue<>(), (task) -> {
					Thread thread = new Thread(task, "renditions-" + count.incrementAndGet());
					thread.setDaemon(true);
					return thread;
				});
		executor.allowCoreThreadTimeOut(true);
		return executor;
	}

	private Fitted fitBudget(BufferedImage image) {
		long maxBytes = this.properties.maxBytes().toBytes();
		for (int i = 0; i <= MAX_DOWNSCALES; i++) {
			WebPEncoder.Encoded encoded = this.encoder.fit(image, maxBytes, this.properties.quality(),
					this.properties.minQuality(), this.properties.qualitySteps());
			if (encoded != null) {
				return new Fitted(image, encoded);
			}
			image = resize(image, scaled(image.getWidth()), scaled(image.getHeight()), SlotPreset.Fit.INSIDE);
		}
		throw new UnprocessableImage("The image cannot be compressed within " + maxBytes + " bytes.");
	}

	/**
	 * A small source came out larger than it was: keep the smaller of a lossless encode
	 * and the best lossy one within the source's own size, if either is smaller.
	 */
	private WebPEncoder.Encoded smallerForSmallSource(BufferedImage image, WebPEncoder.Encoded lossy,
			long sourceBytes) {
		WebPEncoder.Encoded best = lossy;
		WebPEncoder.Encoded lossless = this.encoder.encodeLossless(image);
		if (lossless.size() < best.size()) {
			best = lossless;
		}
		if (best.size() > sourceBytes) {
			WebPEncoder.Encoded smaller = this.encoder.fit(image, sourceBytes, lossy.quality(),
					this.properties.minQuality(), this.properties.qualitySteps());
			if (smaller != null && smaller.size() < best.size()) {
				best = smaller;
			}
		}
		return best;
	}

	private List<Rendition> renditions(BufferedImage image, List<Integer> widths) {
		long maxBytes = this.properties.maxBytes().toBytes();
		return widths.stream().filter((width) -> width < image.getWidth()).distinct().sorted().map((width) -> {
			int height = Math.max(1, (int) Math.round((double) image.getHeight() * width / image.getWidth()));
			BufferedImage small = exactly(image, width, height);
			WebPEncoder.Encoded encoded = this.encoder.fit(small, maxBytes, this.properties.quality(),
					this.properties.minQuality(), this.properties.qualitySteps());
			if (encoded == null) {
				throw new UnprocessableImage("A " + width + " px rendition cannot be compressed within the budget.");
			}
			return new Rendition(encoded.bytes(), width, height, sha256(encoded.bytes()), encoded.quality());
		}).toList();
	}

	private static int scaled(int size) {
		return Math.max(1, (int) Math.floor(size * DOWNSCALE_STEP));
	}

	static BufferedImage resize(BufferedImage image, int maxWidth, int maxHeight, SlotPreset.Fit fit) {
		try {
			if (fit == SlotPreset.Fit.COVER) {
				double shrink = Math.min(1.0,
						Math.min((double) image.getWidth() / maxWidth, (double) image.getHeight() / maxHeight));
				int width = Math.max(1, (int) Math.round(maxWidth * shrink));
				int height = Math.max(1, (int) Math.round(maxHeight * shrink));
				return Thumbnails.of(image).size(width, height).crop(Positions.CENTER).asBufferedImage();
			}
			if (image.getWidth() <= maxWidth && image.getHeight() <= maxHeight) {
				return image;
			}
			return Thumbnails.of(image).size(maxWidth, maxHeight).keepAspectRatio(true).asBufferedImage();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static BufferedImage exactly(BufferedImage image, int width, int height) {
		try {
			return Thumbnails.of(image).forceSize(width, height).asBufferedImage();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static String sha256(byte[] bytes) {
		try {
			return VersionedUrls.hex(MessageDigest.getInstance("SHA-256").digest(bytes));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * The pixels that fit the budget and their encode.
	 */
	private record Fitted(BufferedImage image, WebPEncoder.Encoded encoded) {
	}

}
