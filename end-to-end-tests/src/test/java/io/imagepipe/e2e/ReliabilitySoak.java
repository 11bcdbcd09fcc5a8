package io.imagepipe.e2e;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

/**
 * The soak: at least 1,000 uploads from concurrent clients while faults are injected
 * again and again (worker and ingest killed, database connections cut, broker stopped),
 * then the {@link Ledger} of every accepted upload. Not part of {@code bin/test}; run it
 * with {@code bin/soak}. Its figures are recorded in {@code docs/reliability.md}.
 */
class ReliabilitySoak {

	/** Every this many uploads, the image is deleted right after its upload. */
	private static final int DELETE_EVERY = Integer.getInteger("soak.delete-every", 10);

	private static final int UPLOADS = Integer.getInteger("soak.uploads", 1000);

	private static final int CLIENTS = 4;

	private static final Duration FAULT_EVERY = Duration.ofSeconds(Long.getLong("soak.fault-every-seconds", 12));

	/** Uploads per second from all clients together: about what two cores compress. */
	private static final double RATE = Double.parseDouble(System.getProperty("soak.rate", "5"));

	@Test
	void everyAcceptedUploadEndsServedOrFailedWithAReasonUnderRepeatedFaults() throws Exception {
		try (FaultCluster cluster = FaultCluster.start()) {
			List<UUID> accepted = Collections.synchronizedList(new ArrayList<>());
			AtomicBoolean faulting = new AtomicBoolean(true);
			AtomicInteger next = new AtomicInteger();
			long start = System.nanoTime();
			ExecutorService clients = Executors.newFixedThreadPool(CLIENTS + 1);
			List<Future<?>> running = new ArrayList<>();
			for (int c = 0; c < CLIENTS; c++) {
				running.add(clients.submit(() -> {
					for (int i = next.getAndIncrement(); i < UPLOADS; i = next.getAndIncrement()) {
						pace(start, i);
						byte[] photo = (i % 2 == 0) ? Photos.landscape(i) : Photos.portrait(i);
						accepted.add(cluster.upload("soak-" + i, photo));
						if (i % DELETE_EVERY == 0) {
							// a user removes the photo at once, often while its job is in
							// flight: the upload ends deleted and the image stays gone
							cluster.delete("soak-" + i);
						}
					}
					return null;
				}));
			}
			Future<List<String>> faults = clients.submit(() -> injectFaults(cluster, faulting));
			for (Future<?> client : running) {
				client.get();
			}
			// faults go on while the backlog drains, then stop before the final count
			Ledger.settle(cluster.infrastructure(), accepted, Duration.ofMinutes(5));
			faulting.set(false);
			List<String> injected = faults.get();
			clients.shutdown();
			clients.awaitTermination(1, TimeUnit.MINUTES);
			Ledger ledger = Ledger.settle(cluster.infrastructure(), accepted, Duration.ofMinutes(5));
			long seconds = Duration.ofNanos(System.nanoTime() - start).toSeconds();
			System.out.println("SOAK uploads accepted=" + accepted.size() + " in " + seconds + " s at " + RATE
					+ "/s, faults injected=" + injected.size() + " " + injected);
			System.out.println("SOAK " + ledger);
			ledger.assertClean(accepted.size());
		}
	}

	private static void pace(long start, int i) throws InterruptedException {
		long due = start + (long) (i / RATE * 1_000_000_000L);
		long wait = due - System.nanoTime();
		if (wait > 0) {
			Thread.sleep(wait / 1_000_000);
		}
	}

	private static List<String> injectFaults(FaultCluster cluster, AtomicBoolean running) throws Exception {
		List<String> injected = new ArrayList<>();
		String[] cycle = { "kill -9 worker", "cut database connections", "kill -9 ingest-api", "stop broker" };
		for (int round = 0; running.get(); round++) {
			Thread.sleep(FAULT_EVERY.toMillis());
			if (!running.get()) {
				break;
			}
			String fault = cycle[round % cycle.length];
			switch (fault) {
				case "kill -9 worker" -> {
					cluster.worker().kill();
					cluster.startWorker();
				}
				case "cut database connections" -> cluster.database().terminateDatabaseBackends();
				case "kill -9 ingest-api" -> {
					cluster.ingest().kill();
					cluster.startIngest();
				}
				default -> {
					Broker.stopApp();
					try {
						Thread.sleep(3000);
					}
					finally {
						Broker.startApp();
					}
				}
			}
			injected.add(fault);
		}
		return injected;
	}

}
