package io.imagepipe.bench.env;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ShippedPostgresSettingsTests {

	private static final Path COMPOSE = Path.of("..", "infra", "docker-compose.yml");

	@Test
	void readsThePostgresOptionsOfTheComposeFile() {
		Map<String, String> settings = ShippedPostgresSettings.fromCompose("""
				    command: ["postgres", "-c", "shared_buffers=256MB", "-c", "max_connections=200",
				              "-c", "max_wal_size=4GB", "-c", "checkpoint_timeout=15min"]
				""");

		assertThat(settings).containsExactly(Map.entry("shared_buffers", "256MB"), Map.entry("max_connections", "200"),
				Map.entry("max_wal_size", "4GB"), Map.entry("checkpoint_timeout", "15min"));
	}

	@Test
	void theRunHasTheWritePathTheComposeFileShipsAndTheServerGetsItsOwnBack() throws Exception {
		Map<String, String> shipped = ShippedPostgresSettings.fromCompose(java.nio.file.Files.readString(COMPOSE));
		assertThat(shipped).containsKeys("max_wal_size", "checkpoint_timeout", "wal_buffers");
		try (Isolation isolation = Isolation.create()) {
			String maxWalSize = show(isolation, "max_wal_size");
			String checkpointTimeout = show(isolation, "checkpoint_timeout");
			String walBuffers = show(isolation, "wal_buffers");
			try (ShippedPostgresSettings settings = ShippedPostgresSettings.apply(COMPOSE, isolation)) {
				assertThat(show(isolation, "max_wal_size")).isEqualTo(shipped.get("max_wal_size"));
				assertThat(show(isolation, "checkpoint_timeout")).isEqualTo(shipped.get("checkpoint_timeout"));
				assertThat(settings.description()).contains("max_wal_size " + shipped.get("max_wal_size"))
					.contains("the machine's, as they need a restart: ")
					.contains("wal_buffers " + walBuffers);
			}
			assertThat(show(isolation, "max_wal_size")).isEqualTo(maxWalSize);
			assertThat(show(isolation, "checkpoint_timeout")).isEqualTo(checkpointTimeout);
		}
	}

	private static String show(Isolation isolation, String name) throws Exception {
		try (Connection connection = isolation.connect();
				PreparedStatement statement = connection.prepareStatement("SELECT current_setting(?)")) {
			statement.setString(1, name);
			try (ResultSet result = statement.executeQuery()) {
				result.next();
				return result.getString(1);
			}
		}
	}

}
