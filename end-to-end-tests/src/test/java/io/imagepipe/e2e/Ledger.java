package io.imagepipe.e2e;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.imagepipe.testsupport.TestInfrastructure;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sorts every accepted upload of a fault test once the dust has settled:
 * <ul>
 * <li><b>lost</b>: not finished (done, superseded, deleted, or failed with a reason) in
 * time;</li>
 * <li><b>recovered</b>: finished after more than one attempt;</li>
 * <li><b>unexpected</b>: failed although the image was valid;</li>
 * <li><b>duplicated</b>: its image was written more than once;</li>
 * <li><b>stale</b>: an image served from another upload than the newest done one of its
 * key;</li>
 * <li><b>resurrected</b>: its image was deleted after it was made, yet an image made
 * before the deletion is served again.</li>
 * </ul>
 */
final class Ledger {

	private final Map<String, Integer> counts = new HashMap<>();

	private final List<String> problems = new ArrayList<>();

	private Ledger() {
	}

	/**
	 * Wait until every upload is finished, or the time is up, then sort them.
	 * @param infrastructure the database
	 * @param uploads the accepted uploads
	 * @param timeout how long they may take
	 * @return the sorted uploads
	 */
	static Ledger settle(TestInfrastructure infrastructure, Collection<UUID> uploads, Duration timeout)
			throws Exception {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (true) {
			Ledger ledger;
			try {
				ledger = read(infrastructure, uploads);
			}
			catch (SQLException ex) {
				// the connection was cut by a fault under test: read again
				if (System.nanoTime() > deadline) {
					throw ex;
				}
				Thread.sleep(250);
				continue;
			}
			if (ledger.count("lost") == 0 || System.nanoTime() > deadline) {
				return ledger;
			}
			Thread.sleep(250);
		}
	}

	private static Ledger read(TestInfrastructure infrastructure, Collection<UUID> uploads) throws SQLException {
		Ledger ledger = new Ledger();
		try (Connection connection = infrastructure
			.openDatabaseConnection(); PreparedStatement select = connection.prepareStatement("""
					SELECT u.status, u.attempts, u.error_class, u.last_error,
					       i.version AS image_version,
					       (SELECT count(*) FROM uploads d WHERE d.owner_type = u.owner_type AND d.owner_id = u.owner_id
					          AND d.slot = u.slot AND d.status = 'done') AS done_for_key,
					       i.upload_seq = (SELECT max(d.seq) FROM uploads d WHERE d.owner_type = u.owner_type
					          AND d.owner_id = u.owner_id AND d.slot = u.slot AND d.status = 'done') AS newest_served,
					       coalesce(i.upload_seq < (SELECT max(m.upload_seq) FROM image_deletions m
					          WHERE m.owner_type = u.owner_type AND m.owner_id = u.owner_id AND m.slot = u.slot),
					          false) AS resurrected
					FROM uploads u
					LEFT JOIN images i ON i.owner_type = u.owner_type AND i.owner_id = u.owner_id AND i.slot = u.slot
					WHERE u.id = ?
					""")) {
			for (UUID id : uploads) {
				select.setObject(1, id);
				try (ResultSet row = select.executeQuery()) {
					ledger.sort(id, row.next() ? row : null);
				}
			}
		}
		return ledger;
	}

	private void sort(UUID id, ResultSet row) throws SQLException {
		String status = (row != null) ? row.getString("status") : "missing";
		boolean finished = status.equals("done") || status.equals("superseded") || status.equals("deleted")
				|| (status.equals("failed") && row.getString("last_error") != null);
		if (!finished) {
			add("lost", id + " is " + status);
			return;
		}
		add("finished", null);
		if (status.equals("deleted")) {
			add("deleted", null);
		}
		if (row.getInt("attempts") > 1) {
			add("recovered", null);
		}
		if (status.equals("failed")) {
			add("unexpected", id + " failed: " + row.getString("error_class") + ": " + row.getString("last_error"));
		}
		if (row.getBoolean("resurrected")) {
			add("resurrected", id + ": an image made before its deletion is served");
		}
		if (status.equals("done")) {
			if (row.getLong("image_version") > row.getLong("done_for_key")) {
				add("duplicated", id + " was written " + row.getLong("image_version") + " times");
			}
			if (!row.getBoolean("newest_served")) {
				add("stale", id + ": an older upload's image is served");
			}
		}
	}

	private void add(String kind, String problem) {
		this.counts.merge(kind, 1, Integer::sum);
		if (problem != null && !kind.equals("recovered") && !kind.equals("deleted")) {
			this.problems.add(kind + ": " + problem);
		}
	}

	int count(String kind) {
		return this.counts.getOrDefault(kind, 0);
	}

	/**
	 * Assert that nothing was lost, written twice or overwritten by an older upload, and
	 * that no valid image failed.
	 * @param accepted how many uploads were accepted
	 */
	void assertClean(int accepted) {
		assertThat(this.problems).as(toString()).isEmpty();
		assertThat(count("finished")).as(toString()).isEqualTo(accepted);
	}

	@Override
	public String toString() {
		return "accepted uploads: finished=" + count("finished") + ", lost=" + count("lost") + ", recovered="
				+ count("recovered") + ", unexpected=" + count("unexpected") + ", duplicated=" + count("duplicated")
				+ ", stale=" + count("stale") + ", deleted=" + count("deleted") + ", resurrected="
				+ count("resurrected") + (this.problems.isEmpty() ? "" : ", problems=" + this.problems);
	}

}
