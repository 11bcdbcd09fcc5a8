package io.imagepipe.ops;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

import com.luciad.imageio.webp.WebPReadParam;
import io.imagepipe.contract.DecodeDeadline;
import io.imagepipe.contract.ImageStructure;
import net.coobird.thumbnailator.Thumbnails;
import net.coobird.thumbnailator.filters.ImageFilter;
import net.coobird.thumbnailator.util.exif.ExifFilterUtils;
import net.coobird.thumbnailator.util.exif.ExifUtils;
import net.coobird.thumbnailator.util.exif.Orientation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Makes the safe preview of an upload: the raw bytes decoded by the ImageIO plugins (JDK,
 * TwelveMonkeys, libwebp), subsampled while decoding so that memory stays small whatever
 * the image's size, turned upright, resized by Thumbnailator and re-encoded as a PNG of
 * at most {@code imagepipe.ops.preview-size} pixels. The raw bytes themselves are never
 * sent to a browser. At most {@code imagepipe.ops.preview-concurrency} previews are made
 * at once. A preview gets the worker's limits: no preview is made of a file whose
 * structure implies unbounded decode work ({@link ImageStructure}), and a decode still
 * running after {@code imagepipe.ops.preview-deadline} is aborted.
 */
@Component
class PreviewRenderer {

	private static final Logger log = LoggerFactory.getLogger(PreviewRenderer.class);

	static {
		ImageIO.scanForPlugins();
		ImageIO.setUseCache(false);
	}

	private final int size;

	private final long maxPixels;

	private final Semaphore permits;

	private final ImageStructure structure;

	private final Duration deadline;

	PreviewRenderer(OpsProperties properties, UploadSettings uploads,
			@Value("${imagepipe.ops.preview-deadline:5s}") Duration deadline) {
		this.structure = new ImageStructure(uploads.maxPixels(), uploads.maxFrames());
		this.deadline = deadline;
		this.size = properties.previewSize();
		this.maxPixels = uploads.maxPixels();
		this.permits = new Semaphore(properties.previewConcurrency());
	}

	/**
	 * Make the preview of an upload.
	 * @param source the raw upload
	 * @return a PNG, or empty when no reader can decode the bytes within the limits
	 * @throws org.springframework.web.ErrorResponseException when too many previews are
	 * being made
	 */
	Optional<byte[]> render(byte[] source) {
		try {
			if (!this.permits.tryAcquire(10, TimeUnit.SECONDS)) {
				throw OpsProblem.previewsBusy();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw OpsProblem.previewsBusy();
		}
		try {
			return decode(source).map(this::encode);
		}
		finally {
			this.permits.release();
		}
	}

	private Optional<BufferedImage> decode(byte[] source) {
		try {
			this.structure.check(source);
		}
		catch (ImageStructure.TooMuchWork ex) {
			log.info("No preview of an upload whose structure implies unbounded work: {}", ex.getMessage());
			return Optional.empty();
		}
		DecodeDeadline deadline = DecodeDeadline.in(this.deadline);
		try (ImageInputStream input = ImageIO.createImageInputStream(new ByteArrayInputStream(source))) {
			List<ImageReader> readers = new ArrayList<>();
			ImageIO.getImageReaders(input).forEachRemaining(readers::add);
			for (ImageReader reader : readers) {
				try {
					input.seek(0);
					deadline.watch(reader);
					Optional<BufferedImage> image = decode(reader, input);
					if (deadline.passed()) {
						log.info("No preview: decoding took longer than {}", this.deadline);
						return Optional.empty();
					}
					if (image.isPresent()) {
						return image;
					}
				}
				catch (IOException | RuntimeException ex) {
					log.debug("{} cannot decode a preview: {}", reader.getClass().getName(), ex.toString());
					if (deadline.passed()) {
						return Optional.empty();
					}
				}
				finally {
					reader.dispose();
				}
			}
			return Optional.empty();
		}
		catch (IOException ex) {
			return Optional.empty();
		}
	}

	private Optional<BufferedImage> decode(ImageReader reader, ImageInputStream input) throws IOException {
		reader.setInput(input, false, false);
		int width = reader.getWidth(0);
		int height = reader.getHeight(0);
		if (width <= 0 || height <= 0 || (long) width * height > this.maxPixels) {
			return Optional.empty();
		}
		int step = Math.max(1, Math.max(width, height) / (this.size * 2));
		BufferedImage image = reader.read(0, readParam(reader, step, width, height));
		Orientation orientation = orientation(reader);
		if (orientation != null && orientation != Orientation.TOP_LEFT) {
			ImageFilter upright = ExifFilterUtils.getFilterForOrientation(orientation);
			image = upright.apply(image);
		}
		return Optional.of(image);
	}

	private static ImageReadParam readParam(ImageReader reader, int step, int width, int height) {
		ImageReadParam param = reader.getDefaultReadParam();
		if (step > 1 && param instanceof WebPReadParam webp) {
			webp.setUseScaling(true);
			webp.setScaledWidth(Math.ceilDiv(width, step));
			webp.setScaledHeight(Math.ceilDiv(height, step));
		}
		else if (step > 1) {
			param.setSourceSubsampling(step, step, 0, 0);
		}
		return param;
	}

	private static Orientation orientation(ImageReader reader) {
		try {
			return ExifUtils.getExifOrientation(reader, 0);
		}
		catch (IOException | RuntimeException ex) {
			return null;
		}
	}

	private byte[] encode(BufferedImage image) {
		try {
			BufferedImage thumbnail = Thumbnails.of(image).size(this.size, this.size).asBufferedImage();
			ByteArrayOutputStream png = new ByteArrayOutputStream();
			ImageIO.write(thumbnail, "png", png);
			return png.toByteArray();
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot encode a preview", ex);
		}
	}

}
