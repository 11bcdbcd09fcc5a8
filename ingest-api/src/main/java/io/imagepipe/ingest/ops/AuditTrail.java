package io.imagepipe.ingest.ops;

import java.time.OffsetDateTime;
import java.util.List;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The {@code ops_actions} table: who did what, when, and to how many uploads.
 */
@Repository
class AuditTrail {

	private final JdbcClient jdbc;

	private final JsonMapper json;

	AuditTrail(JdbcClient jdbc, JsonMapper json) {
		this.jdbc = jdbc;
		this.json = json;
	}

	/**
	 * Record an action as it starts.
	 * @param actor who takes it
	 * @param action {@code retry} or {@code discard}
	 * @param scope {@code one}, {@code selected} or {@code matching}
	 * @param criteria the ids or the filter, written as JSON
	 * @param requested how many uploads it is asked for
	 * @return the entry's id
	 */
	long open(String actor, String action, String scope, Object criteria, long requested) {
		return this.jdbc.sql("""
				INSERT INTO ops_actions (actor, action, scope, criteria, requested)
				VALUES (:actor, :action, :scope, CAST(:criteria AS jsonb), :requested)
				RETURNING id
				""")
			.param("actor", actor)
			.param("action", action)
			.param("scope", scope)
			.param("criteria", this.json.writeValueAsString(criteria))
			.param("requested", (int) Math.min(requested, Integer.MAX_VALUE))
			.query(Long.class)
			.single();
	}

	void addAffected(long id, int affected) {
		this.jdbc.sql("UPDATE ops_actions SET affected = affected + :affected WHERE id = :id")
			.param("id", id)
			.param("affected", affected)
			.update();
	}

	void finish(long id) {
		this.jdbc.sql("UPDATE ops_actions SET finished_at = now() WHERE id = :id").param("id", id).update();
	}

	List<AuditEntry> recent(int limit) {
		return this.jdbc.sql("""
				SELECT id, actor, action, scope, criteria::text AS criteria, requested, affected, created_at,
				       finished_at
				FROM ops_actions ORDER BY id DESC LIMIT :limit
				""")
			.param("limit", limit)
			.query((rs, n) -> new AuditEntry(rs.getLong("id"), rs.getString("actor"), rs.getString("action"),
					rs.getString("scope"), this.json.readTree(rs.getString("criteria")), rs.getInt("requested"),
					rs.getInt("affected"), rs.getObject("created_at", OffsetDateTime.class),
					rs.getObject("finished_at", OffsetDateTime.class)))
			.list();
	}

}
