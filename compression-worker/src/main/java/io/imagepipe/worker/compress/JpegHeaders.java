package io.imagepipe.worker.compress;

import java.awt.color.ICC_Profile;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.imageio.stream.ImageInputStream;

import com.twelvemonkeys.imageio.color.ColorProfiles;
import com.twelvemonkeys.imageio.metadata.CompoundDirectory;
import com.twelvemonkeys.imageio.metadata.Directory;
import com.twelvemonkeys.imageio.metadata.Entry;
import com.twelvemonkeys.imageio.metadata.jpeg.JPEG;
import com.twelvemonkeys.imageio.metadata.jpeg.JPEGSegment;
import com.twelvemonkeys.imageio.metadata.jpeg.JPEGSegmentUtil;
import com.twelvemonkeys.imageio.metadata.tiff.TIFF;
import com.twelvemonkeys.imageio.metadata.tiff.TIFFReader;
import com.twelvemonkeys.imageio.stream.ByteArrayImageInputStream;
import net.coobird.thumbnailator.util.exif.Orientation;

/**
 * What the scaled JPEG decode needs from a JPEG's header segments besides the pixels: the
 * EXIF orientation and the embedded ICC profile. The segments are read with
 * TwelveMonkeys' JPEG segment and TIFF readers, the same the ImageIO path uses.
 *
 * @param orientation the EXIF orientation, {@code TOP_LEFT} when there is none
 * @param profile the embedded ICC profile, or {@code null}
 * @param progressive whether its frame is progressive (SOF2, 6, 10 or 14)
 */
record JpegHeaders(Orientation orientation, ICC_Profile profile, boolean progressive) {

	private static final Set<Integer> PROGRESSIVE = Set.of(JPEG.SOF2, JPEG.SOF6, JPEG.SOF10, JPEG.SOF14);

	private static final int ORIENTATION_TAG = TIFF.TAG_ORIENTATION;

	/**
	 * Read a JPEG's header segments, up to its first scan.
	 * @param jpeg the file's bytes
	 * @return the headers
	 * @throws IOException when the segments are malformed
	 */
	static JpegHeaders read(byte[] jpeg) throws IOException {
		List<JPEGSegment> segments;
		try (ImageInputStream input = new ByteArrayImageInputStream(jpeg)) {
			segments = JPEGSegmentUtil.readSegments(input,
					Map.of(JPEG.APP1, List.of("Exif"), JPEG.APP2, List.of("ICC_PROFILE"), JPEG.SOF2,
							JPEGSegmentUtil.ALL_IDS, JPEG.SOF6, JPEGSegmentUtil.ALL_IDS, JPEG.SOF10,
							JPEGSegmentUtil.ALL_IDS, JPEG.SOF14, JPEGSegmentUtil.ALL_IDS));
		}
		boolean progressive = segments.stream().anyMatch((segment) -> PROGRESSIVE.contains(segment.marker()));
		Orientation orientation = Orientation.TOP_LEFT;
		for (JPEGSegment segment : segments) {
			if (segment.marker() == JPEG.APP1) {
				orientation = orientation(segment);
				break;
			}
		}
		return new JpegHeaders(orientation, profile(segments), progressive);
	}

	private static Orientation orientation(JPEGSegment exif) {
		try (ImageInputStream tiff = new ByteArrayImageInputStream(exifBytes(exif))) {
			Directory directory = new TIFFReader().read(tiff);
			if (directory instanceof CompoundDirectory compound && compound.directoryCount() > 0) {
				directory = compound.getDirectory(0);
			}
			Entry entry = directory.getEntryById(ORIENTATION_TAG);
			if (entry != null && entry.getValue() instanceof Number number) {
				Orientation orientation = Orientation.typeOf(number.intValue());
				return (orientation != null) ? orientation : Orientation.TOP_LEFT;
			}
		}
		catch (IOException | RuntimeException ex) {
			// as the ImageIO path: unreadable EXIF means no rotation
		}
		return Orientation.TOP_LEFT;
	}

	private static byte[] exifBytes(JPEGSegment exif) throws IOException {
		byte[] data = exif.data().readAllBytes();
		int start = 0;
		// after the "Exif" identifier comes a padding byte before the TIFF header
		while (start < data.length && data[start] == 0) {
			start++;
		}
		return java.util.Arrays.copyOfRange(data, start, data.length);
	}

	/**
	 * The ICC profile from its APP2 chunks, in their sequence order; {@code null} when
	 * there is none or it is unreadable.
	 */
	private static ICC_Profile profile(List<JPEGSegment> segments) throws IOException {
		List<byte[]> chunks = new java.util.ArrayList<>();
		for (JPEGSegment segment : segments) {
			if (segment.marker() == JPEG.APP2) {
				byte[] data = segment.data().readAllBytes();
				if (data.length > 2) {
					chunks.add(data);
				}
			}
		}
		if (chunks.isEmpty()) {
			return null;
		}
		chunks.sort(Comparator.comparingInt((chunk) -> chunk[0] & 0xff));
		ByteArrayOutputStream profile = new ByteArrayOutputStream();
		for (byte[] chunk : chunks) {
			profile.write(chunk, 2, chunk.length - 2);
		}
		try {
			return ColorProfiles.readProfile(new ByteArrayInputStream(profile.toByteArray()));
		}
		catch (IOException | RuntimeException ex) {
			throw new IOException("unreadable ICC profile", ex);
		}
	}

}
