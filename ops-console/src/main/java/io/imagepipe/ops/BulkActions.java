package io.imagepipe.ops;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs the bulk ops actions (reprocess all, retry all matching) in the background, so the
 * request that starts one returns at once with the action's audit entry, and the console
 * follows its progress there.
 * <p>
 * One action of each kind runs at a time across all ops-console instances: the run holds
 * the PostgreSQL session-level advisory lock ({@value #LOCK_CLASS},
 * {@link BulkWork#lockKey()}) on a connection of its own for as long as it runs. A start
 * while the lock is held, by this instance or another, is refused with a 409 problem
 * naming the running action (a double click cannot start two). The lock goes with the
 * session, so an instance that dies frees it.
 * <p>
 * An action survives a restart: each batch commits its progress (count and cursor) with
 * its work, and an action still {@code running} without an instance that holds its lock
 * is resumed where its last batch ended, by whichever instance next takes the lock
 * (checked at start and every {@code imagepipe.ops.bulk-resume-interval}). A stopping
 * instance interrupts its runs between batches and leaves them {@code running} for that.
 */
@Service
class BulkActions implements DisposableBean {

	/** The first key of the bulk actions' advisory locks. */
	static final int LOCK_CLASS = 26_989;

	private static final Logger log = LoggerFactory.getLogger(BulkActions.class);

	private final DataSource dataSource;

	private final AuditTrail audit;

	private final TransactionTemplate transaction;

	private final OpsProperties properties;

	private final List<BulkWork> kinds;

	private final ExecutorService runs = Executors
		.newThreadPerTaskExecutor(Thread.ofPlatform().name("ops-bulk-", 0).factory());

	private volatile boolean stopping;

	BulkActions(DataSource dataSource, AuditTrail audit, TransactionTemplate transaction, OpsProperties properties,
			List<BulkWork> kinds) {
		this.dataSource = dataSource;
		this.audit = audit;
		this.transaction = transaction;
		this.properties = properties;
		this.kinds = kinds;
	}

	/**
	 * Start a bulk action in the background, unless one of its kind is running.
	 * @param work the kind
	 * @param actor who asks
	 * @param scope {@code all} or {@code matching}
	 * @param criteria what it is asked for, as the audit trail records it
	 * @param requested how many images or uploads it is about to go through
	 * @return its audit entry, {@code running}
	 * @throws org.springframework.web.ErrorResponseException a 409 problem when an action
	 * of the kind is running
	 */
	AuditEntry start(BulkWork work, String actor, String scope, Object criteria, LongSupplier requested) {
		Connection lock = tryLock(work);
		if (lock == null) {
			throw OpsProblem.actionRunning(work.action(), this.audit.running(work.action()).map(AuditEntry::id));
		}
		try {
			long id = this.transaction.execute((status) -> {
				// holding the lock: no instance runs any of them, and this run does their
				// work
				this.audit.interruptRunning(work.action());
				return this.audit.openRunning(actor, work.action(), scope, criteria, requested.getAsLong());
			});
			AuditEntry entry = this.audit.find(id).orElseThrow();
			log.info("{} started {} {} in the background (audit {})", actor, work.action(), scope, id);
			this.runs.execute(() -> run(work, entry, lock));
			return entry;
		}
		catch (RuntimeException ex) {
			release(work, lock);
			throw ex;
		}
	}

	/**
	 * Resume the actions left {@code running} by an instance that stopped: for each kind
	 * with such an action whose lock this instance can take.
	 */
	@Scheduled(fixedDelayString = "${imagepipe.ops.bulk-resume-interval:10s}", initialDelay = 0)
	void resumeOrphans() {
		if (this.stopping) {
			return;
		}
		for (BulkWork work : this.kinds) {
			try {
				resumeOrphan(work);
			}
			catch (RuntimeException ex) {
				// the database is away: the next round tries again
				log.warn("Could not look for a {} action to resume: {}", work.action(), ex.getMessage());
			}
		}
	}

	private void resumeOrphan(BulkWork work) {
		if (this.audit.running(work.action()).isEmpty()) {
			return;
		}
		Connection lock = tryLock(work);
		if (lock == null) {
			return;
		}
		// read again under the lock: the run that held it may have just ended it
		Optional<AuditEntry> orphan;
		try {
			orphan = this.audit.running(work.action());
		}
		catch (RuntimeException ex) {
			release(work, lock);
			throw ex;
		}
		if (orphan.isEmpty() || this.stopping) {
			release(work, lock);
			return;
		}
		AuditEntry entry = orphan.get();
		log.info("Resuming {} {} (audit {}) after {} batches: the instance running it stopped", entry.action(),
				entry.scope(), entry.id(), entry.batches());
		try {
			this.runs.execute(() -> run(work, entry, lock));
		}
		catch (RejectedExecutionException ex) {
			// this instance is stopping: the next one resumes it
			release(work, lock);
		}
	}

	private void run(BulkWork work, AuditEntry entry, Connection lock) {
		Duration pause = this.properties.retryBatchPause();
		try {
			boolean more = true;
			boolean first = true;
			while (more) {
				if (!first) {
					Thread.sleep(pause);
				}
				first = false;
				if (!lock.isValid(5)) {
					log.warn("Lost the lock of {} (audit {}); it resumes where the lock is taken again", work.action(),
							entry.id());
					return;
				}
				more = work.batch(entry);
			}
			this.audit.end(entry.id(), "done", null);
			AuditEntry done = this.audit.find(entry.id()).orElse(entry);
			log.info("{} {} done: {} of {} in {} batches (audit {})", entry.action(), entry.scope(), done.affected(),
					done.requested(), done.batches(), entry.id());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			log.info("{} {} (audit {}) stopped with this instance; it resumes where it ended", entry.action(),
					entry.scope(), entry.id());
		}
		catch (RuntimeException | SQLException ex) {
			if (this.stopping) {
				log.info("{} {} (audit {}) stopped with this instance; it resumes where it ended", entry.action(),
						entry.scope(), entry.id());
				return;
			}
			log.error("{} {} (audit {}) failed", entry.action(), entry.scope(), entry.id(), ex);
			try {
				this.audit.end(entry.id(), "failed", String.valueOf(ex.getMessage()));
			}
			catch (RuntimeException recording) {
				log.error("Could not record that audit {} failed", entry.id(), recording);
			}
		}
		finally {
			release(work, lock);
		}
	}

	/**
	 * Take a kind's advisory lock on a connection of its own.
	 * @return the connection that holds it, or {@code null} when another session does
	 */
	private Connection tryLock(BulkWork work) {
		try {
			Connection connection = this.dataSource.getConnection();
			try (PreparedStatement statement = connection.prepareStatement("SELECT pg_try_advisory_lock(?, ?)")) {
				statement.setInt(1, LOCK_CLASS);
				statement.setInt(2, work.lockKey());
				try (ResultSet result = statement.executeQuery()) {
					if (result.next() && result.getBoolean(1)) {
						return connection;
					}
				}
			}
			connection.close();
			return null;
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not ask for the lock of " + work.action(), ex);
		}
	}

	private void release(BulkWork work, Connection lock) {
		try (Connection connection = lock;
				PreparedStatement statement = connection.prepareStatement("SELECT pg_advisory_unlock(?, ?)")) {
			statement.setInt(1, LOCK_CLASS);
			statement.setInt(2, work.lockKey());
			statement.execute();
		}
		catch (SQLException ex) {
			// the lock goes with the session, which closing the connection ends
			log.debug("Could not release the lock of {}", work.action(), ex);
		}
	}

	@Override
	public void destroy() throws InterruptedException {
		this.stopping = true;
		this.runs.shutdownNow();
		if (!this.runs.awaitTermination(10, TimeUnit.SECONDS)) {
			log.warn("Bulk actions still running after 10 s of shutdown; they resume on the next start");
		}
	}

}
