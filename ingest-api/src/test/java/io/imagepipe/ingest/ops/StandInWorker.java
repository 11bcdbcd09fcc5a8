package io.imagepipe.ingest.ops;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import io.imagepipe.contract.JobTopology;
import io.imagepipe.testsupport.TestInfrastructure;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Stands in for compression-worker in ingest-api's tests: it consumes the real work queue
 * and changes the upload's row the way the worker does (claim, count the attempt, write
 * the image, mark it done), without compressing anything. The real worker and the three
 * services together are covered by the end-to-end tests.
 */
final class StandInWorker implements AutoCloseable {

	private static final Pattern UPLOAD_ID = Pattern.compile("\"uploadId\"\\s*:\\s*\"([0-9a-f-]{36})\"");

	private final JdbcClient jdbc;

	private final Connection connection;

	private final Channel channel;

	StandInWorker(JobTopology topology, JdbcClient jdbc) throws Exception {
		this.jdbc = jdbc;
		this.connection = TestInfrastructure.get().openBrokerConnection();
		this.channel = this.connection.createChannel();
		this.channel.basicQos(1);
		this.channel.basicConsume(topology.workQueue(), false, (tag, delivery) -> {
			Matcher id = UPLOAD_ID.matcher(new String(delivery.getBody(), StandardCharsets.UTF_8));
			if (id.find()) {
				process(UUID.fromString(id.group(1)));
			}
			this.channel.basicAck(delivery.getEnvelope().getDeliveryTag(), false);
		}, (tag) -> {
		});
	}

	private void process(UUID id) {
		int claimed = this.jdbc.sql("""
				UPDATE uploads SET status = 'processing', attempts = attempts + 1, started_at = now(),
				                   updated_at = now()
				WHERE id = :id AND status IN ('queued', 'processing')
				""").param("id", id).update();
		if (claimed == 0) {
			return;
		}
		String sha256 = HexFormat.of().formatHex(id.toString().repeat(2).getBytes(StandardCharsets.US_ASCII), 0, 32);
		this.jdbc.sql("""
				INSERT INTO images (owner_type, owner_id, slot, upload_id, upload_seq, bytes, width, height, byte_size,
				                    sha256)
				SELECT owner_type, owner_id, slot, id, seq, '\\x00'::bytea, width, height, 1, :sha256
				FROM uploads WHERE id = :id
				ON CONFLICT (owner_type, owner_id, slot) DO UPDATE
				SET upload_id = EXCLUDED.upload_id, upload_seq = EXCLUDED.upload_seq, sha256 = EXCLUDED.sha256,
				    version = images.version + 1, updated_at = now()
				WHERE images.upload_seq < EXCLUDED.upload_seq
				""").param("id", id).param("sha256", sha256).update();
		this.jdbc.sql("""
				UPDATE uploads SET status = 'done', result_sha256 = :sha256, finished_at = now(), updated_at = now()
				WHERE id = :id AND status = 'processing'
				""").param("id", id).param("sha256", sha256).update();
	}

	@Override
	public void close() throws IOException {
		this.connection.close();
	}

}
