package io.imagepipe.testsupport;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

import javax.imageio.ImageIO;

/**
 * Files built to make a decoder work without bound while staying small and, by their
 * headers, within every size limit: the hostile uploads of docs/security.md. Each is
 * written byte by byte here, so the tests need no stored samples.
 */
public final class HostileImages {

	private HostileImages() {
	}

	/**
	 * A greyscale progressive JPEG made of one DC scan and then {@code scans - 1} AC
	 * scans that each code every block as one end-of-band run, so each carries a few
	 * bytes while a decoder that renders every scan does a full pass over the picture for
	 * it. The progression repeats itself, which libjpeg only warns about. A 7000 × 7000
	 * one with 2,000 scans is about 200 KB.
	 * @param width the width in pixels
	 * @param height the height in pixels
	 * @param scans the number of scans, at least 2
	 * @return the file
	 */
	public static byte[] scanBombJpeg(int width, int height, int scans) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		out.writeBytes(new byte[] { (byte) 0xFF, (byte) 0xD8 });
		// DQT: table 0, all ones
		byte[] dqt = new byte[65];
		Arrays.fill(dqt, (byte) 1);
		dqt[0] = 0;
		segment(out, 0xDB, dqt);
		// SOF2: 8 bits, one component, 1x1 sampling, table 0
		segment(out, 0xC2, new byte[] { 8, (byte) (height >> 8), (byte) height, (byte) (width >> 8), (byte) width, 1, 1,
				0x11, 0 });
		// DHT DC table 0 and AC table 0: each one code of length 1 ("0"); DC: category 0,
		// AC: EOB14 (0xE0), an end-of-band run of 16384 + 14 extra bits
		byte[] dht = new byte[1 + 16 + 1];
		dht[0] = 0x00;
		dht[1] = 1;
		dht[17] = 0x00;
		segment(out, 0xC4, dht);
		byte[] ac = dht.clone();
		ac[0] = 0x10;
		ac[17] = (byte) 0xE0;
		segment(out, 0xC4, ac);
		long blocks = (long) Math.ceilDiv(width, 8) * Math.ceilDiv(height, 8);
		// DC first scan: one 0 bit per block
		segment(out, 0xDA, new byte[] { 1, 1, 0x00, 0, 0, 0 });
		out.writeBytes(new byte[(int) Math.ceilDiv(blocks, 8)]);
		// AC first scans over 1..63: runs of 32767 blocks, "0" + 14 one bits each
		BitWriter runs = new BitWriter();
		for (long left = blocks; left > 0; left -= 32767) {
			runs.bits(0, 1);
			runs.bits(0x3FFF, 14);
		}
		byte[] acData = runs.finish();
		for (int scan = 1; scan < scans; scan++) {
			segment(out, 0xDA, new byte[] { 1, 1, 0x00, 1, 63, 0 });
			out.writeBytes(acData);
		}
		out.writeBytes(new byte[] { (byte) 0xFF, (byte) 0xD9 });
		return out.toByteArray();
	}

	/**
	 * A PNG whose header declares far more pixels than its compressed data could ever
	 * hold (deflate expands at most about 1,032 times).
	 * @param width the declared width
	 * @param height the declared height
	 * @return the file
	 */
	public static byte[] impossibleRatioPng(int width, int height) {
		ByteArrayOutputStream out = pngStart(width, height, 6, 16);
		chunk(out, "IDAT", deflate(new byte[1024]));
		chunk(out, "IEND", new byte[0]);
		return out.toByteArray();
	}

	/**
	 * A small real PNG carrying a compressed text chunk that inflates to
	 * {@code inflatedBytes} bytes of zeros.
	 * @param inflatedBytes the size of the text once inflated
	 * @return the file
	 */
	public static byte[] textBombPng(long inflatedBytes) {
		byte[] picture = ordinaryPng(32, 32);
		ByteArrayOutputStream text = new ByteArrayOutputStream();
		text.writeBytes("Comment".getBytes(StandardCharsets.ISO_8859_1));
		text.write(0);
		text.write(0);
		text.writeBytes(deflateZeros(inflatedBytes));
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		// signature and IHDR, then the bomb, then the rest
		out.write(picture, 0, 33);
		chunk(out, "zTXt", text.toByteArray());
		out.write(picture, 33, picture.length - 33);
		return out.toByteArray();
	}

	/**
	 * A PNG made of a great many empty ancillary chunks before an ordinary picture.
	 * @param chunks how many
	 * @return the file
	 */
	public static byte[] chunkFloodPng(int chunks) {
		byte[] picture = ordinaryPng(32, 32);
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		out.write(picture, 0, 33);
		for (int i = 0; i < chunks; i++) {
			chunk(out, "tEXt", new byte[] { 'a', 0 });
		}
		out.write(picture, 33, picture.length - 33);
		return out.toByteArray();
	}

	/**
	 * A GIF of many frames, each declaring the whole logical screen and carrying one
	 * pixel of LZW data.
	 * @param width the logical screen's width
	 * @param height its height
	 * @param frames how many frames
	 * @return the file
	 */
	public static byte[] frameBombGif(int width, int height, int frames) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		out.writeBytes("GIF89a".getBytes(StandardCharsets.US_ASCII));
		le16(out, width);
		le16(out, height);
		out.write(0x80);
		out.write(0);
		out.write(0);
		out.writeBytes(new byte[] { 0, 0, 0, (byte) 255, (byte) 255, (byte) 255 });
		for (int i = 0; i < frames; i++) {
			out.write(0x2C);
			le16(out, 0);
			le16(out, 0);
			le16(out, width);
			le16(out, height);
			out.write(0);
			// min code size 2; clear (4), pixel 0, end (5): 3 codes of 3 bits
			out.write(2);
			out.write(2);
			out.write(0x44);
			out.write(0x01);
			out.write(0);
		}
		out.write(0x3B);
		return out.toByteArray();
	}

	/**
	 * An ordinary image followed by junk.
	 * @param image the image file
	 * @param junk how many junk bytes follow it
	 * @return the file
	 */
	public static byte[] withTrailingJunk(byte[] image, int junk) {
		byte[] out = Arrays.copyOf(image, image.length + junk);
		for (int i = image.length; i < out.length; i++) {
			out[i] = (byte) (i * 31 + 7);
		}
		return out;
	}

	/**
	 * A small ordinary JPEG.
	 * @param width its width
	 * @param height its height
	 * @return the file
	 */
	public static byte[] ordinaryJpeg(int width, int height) {
		return encode(picture(width, height, BufferedImage.TYPE_INT_RGB), "jpeg");
	}

	/**
	 * A small ordinary PNG.
	 * @param width its width
	 * @param height its height
	 * @return the file
	 */
	public static byte[] ordinaryPng(int width, int height) {
		return encode(picture(width, height, BufferedImage.TYPE_INT_RGB), "png");
	}

	/**
	 * A small ordinary GIF.
	 * @param width its width
	 * @param height its height
	 * @return the file
	 */
	public static byte[] ordinaryGif(int width, int height) {
		return encode(picture(width, height, BufferedImage.TYPE_INT_RGB), "gif");
	}

	private static BufferedImage picture(int width, int height, int type) {
		BufferedImage image = new BufferedImage(width, height, type);
		Graphics2D g = image.createGraphics();
		try {
			g.setColor(new Color(0x3366aa));
			g.fillRect(0, 0, width, height);
			g.setColor(new Color(0xeecc22));
			g.fillOval(width / 4, height / 4, width / 2, height / 2);
		}
		finally {
			g.dispose();
		}
		return image;
	}

	private static byte[] encode(BufferedImage image, String format) {
		try {
			ByteArrayOutputStream out = new ByteArrayOutputStream();
			if (!ImageIO.write(image, format, out)) {
				throw new IllegalStateException("No ImageIO writer for " + format);
			}
			return out.toByteArray();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static ByteArrayOutputStream pngStart(int width, int height, int colorType, int bitDepth) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		out.writeBytes(new byte[] { (byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n' });
		ByteArrayOutputStream ihdr = new ByteArrayOutputStream();
		be32(ihdr, width);
		be32(ihdr, height);
		ihdr.write(bitDepth);
		ihdr.write(colorType);
		ihdr.write(0);
		ihdr.write(0);
		ihdr.write(0);
		chunk(out, "IHDR", ihdr.toByteArray());
		return out;
	}

	private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
		be32(out, data.length);
		byte[] name = type.getBytes(StandardCharsets.US_ASCII);
		out.writeBytes(name);
		out.writeBytes(data);
		CRC32 crc = new CRC32();
		crc.update(name);
		crc.update(data);
		be32(out, (int) crc.getValue());
	}

	private static byte[] deflate(byte[] data) {
		Deflater deflater = new Deflater(9);
		deflater.setInput(data);
		deflater.finish();
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		byte[] buffer = new byte[8192];
		while (!deflater.finished()) {
			out.write(buffer, 0, deflater.deflate(buffer));
		}
		deflater.end();
		return out.toByteArray();
	}

	private static byte[] deflateZeros(long size) {
		Deflater deflater = new Deflater(9);
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		byte[] zeros = new byte[1 << 20];
		byte[] buffer = new byte[8192];
		for (long left = size; left > 0; left -= zeros.length) {
			deflater.setInput(zeros, 0, (int) Math.min(zeros.length, left));
			while (!deflater.needsInput()) {
				out.write(buffer, 0, deflater.deflate(buffer));
			}
		}
		deflater.finish();
		while (!deflater.finished()) {
			out.write(buffer, 0, deflater.deflate(buffer));
		}
		deflater.end();
		return out.toByteArray();
	}

	private static void segment(ByteArrayOutputStream out, int marker, byte[] data) {
		out.write(0xFF);
		out.write(marker);
		out.write((data.length + 2) >> 8);
		out.write(data.length + 2);
		out.writeBytes(data);
	}

	private static void be32(ByteArrayOutputStream out, int value) {
		out.write(value >>> 24);
		out.write(value >>> 16);
		out.write(value >>> 8);
		out.write(value);
	}

	private static void le16(ByteArrayOutputStream out, int value) {
		out.write(value);
		out.write(value >>> 8);
	}

	/**
	 * Entropy-coded bits, most significant first, with 0xFF stuffed and the last byte
	 * padded with ones.
	 */
	private static final class BitWriter {

		private final ByteArrayOutputStream out = new ByteArrayOutputStream();

		private int current;

		private int count;

		void bits(int value, int length) {
			for (int i = length - 1; i >= 0; i--) {
				this.current = (this.current << 1) | ((value >> i) & 1);
				if (++this.count == 8) {
					flush();
				}
			}
		}

		private void flush() {
			this.out.write(this.current);
			if (this.current == 0xFF) {
				this.out.write(0);
			}
			this.current = 0;
			this.count = 0;
		}

		byte[] finish() {
			while (this.count != 0) {
				bits(1, 1);
			}
			return this.out.toByteArray();
		}

	}

}
