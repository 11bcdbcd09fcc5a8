package io.imagepipe.ops;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The {@code ops_actions} table: who did what, when, and to how many uploads; for a bulk
 * action also its state, batches and cursor while it runs in the background.
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

	/**
	 * Record a bulk action as it starts in the background: {@code running}.
	 * @return the entry's id
	 */
	long openRunning(String actor, String action, String scope, Object criteria, long requested) {
		return this.jdbc.sql("""
				INSERT INTO ops_actions (actor, action, scope, criteria, requested, state)
				VALUES (:actor, :action, :scope, CAST(:criteria AS jsonb), :requested, 'running')
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

	/**
	 * Count one more batch of a bulk action, in the batch's transaction.
	 * @param cursor where the next batch starts, or {@code null} to keep it
	 */
	void batchDone(long id, int affected, String cursor) {
		this.jdbc.sql("""
				UPDATE ops_actions SET affected = affected + :affected, batches = batches + 1,
				                       cursor = coalesce(:cursor, cursor)
				WHERE id = :id
				""").param("id", id).param("affected", affected).param("cursor", cursor).update();
	}

	/**
	 * End a running bulk action.
	 * @param state {@code done} or {@code failed}
	 * @param error why it failed, or {@code null}
	 */
	void end(long id, String state, String error) {
		this.jdbc.sql("""
				UPDATE ops_actions SET state = :state, last_error = :error, finished_at = now()
				WHERE id = :id AND state = 'running'
				""").param("id", id).param("state", state).param("error", error).update();
	}

	/**
	 * Mark the running actions of a kind interrupted, when a new run of that kind starts
	 * while it holds the kind's lock: no instance is running them.
	 */
	void interruptRunning(String action) {
		this.jdbc.sql("""
				UPDATE ops_actions SET state = 'interrupted', finished_at = now()
				WHERE action = :action AND state = 'running'
				""").param("action", action).update();
	}

	/**
	 * The oldest running action of a kind.
	 */
	Optional<AuditEntry> running(String action) {
		return this.jdbc.sql(SELECT + " WHERE action = :action AND state = 'running' ORDER BY id LIMIT 1")
			.param("action", action)
			.query(this::entry)
			.optional();
	}

	Optional<AuditEntry> find(long id) {
		return this.jdbc.sql(SELECT + " WHERE id = :id").param("id", id).query(this::entry).optional();
	}

	/**
	 * Where a running action's next batch starts.
	 */
	String cursor(long id) {
		return this.jdbc.sql("SELECT cursor FROM ops_actions WHERE id = :id")
			.param("id", id)
			.query(String.class)
			.optional()
			.orElse(null);
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
		return this.jdbc.sql(SELECT + " ORDER BY id DESC LIMIT :limit").param("limit", limit).query(this::entry).list();
	}

	private static final String SELECT = """
			SELECT id, actor, action, scope, criteria::text AS criteria, requested, affected, created_at,
			       finished_at, state, batches, last_error
			FROM ops_actions""";

	private AuditEntry entry(ResultSet rs, int row) throws SQLException {
		return new AuditEntry(rs.getLong("id"), rs.getString("actor"), rs.getString("action"), rs.getString("scope"),
				this.json.readTree(rs.getString("criteria")), rs.getInt("requested"), rs.getInt("affected"),
				rs.getObject("created_at", OffsetDateTime.class), rs.getObject("finished_at", OffsetDateTime.class),
				rs.getString("state"), rs.getInt("batches"), rs.getString("last_error"));
	}

}
