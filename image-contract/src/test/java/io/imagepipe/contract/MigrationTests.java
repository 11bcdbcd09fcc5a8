package io.imagepipe.contract;

import java.sql.Connection;
import java.sql.ResultSet;
import java.util.HashMap;
import java.util.Map;

import io.imagepipe.testsupport.TestInfrastructure;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MigrationTests {

	@Test
	void migrationsCreateTheTablesWithBytesStoredExternally() throws Exception {
		TestInfrastructure db = TestInfrastructure.get();
		Flyway.configure().dataSource(db.jdbcUrl(), db.user(), db.password()).load().migrate();
		Map<String, String> storage = new HashMap<>();
		try (Connection connection = db
			.openDatabaseConnection(); ResultSet rs = connection.createStatement().executeQuery("""
					SELECT c.relname || '.' || a.attname, a.attstorage FROM pg_attribute a
					JOIN pg_class c ON c.oid = a.attrelid
					WHERE c.relname IN ('uploads', 'images', 'image_renditions') AND a.attname IN ('raw_bytes', 'bytes')
					""")) {
			while (rs.next()) {
				storage.put(rs.getString(1), rs.getString(2));
			}
		}
		assertThat(storage).containsEntry("uploads.raw_bytes", "e")
			.containsEntry("images.bytes", "e")
			.containsEntry("image_renditions.bytes", "e");
	}

}
