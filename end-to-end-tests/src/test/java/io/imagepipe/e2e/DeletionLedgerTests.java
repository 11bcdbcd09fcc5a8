package io.imagepipe.e2e;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The soak's traffic with deletes mixed in, without faults and small enough for the
 * suite: every fifth image is deleted right after its upload, mostly while its job is
 * queued or in flight. The soak's own {@link Ledger} then finds every upload finished
 * (the deleted ones {@code deleted}), nothing lost, stale or resurrected. (bin/soak runs
 * the same mix under faults.)
 */
class DeletionLedgerTests {

	@Test
	void uploadsDeletedRightAfterTheyAreAcceptedEndDeletedAndNothingIsLostOrResurrected() throws Exception {
		try (FaultCluster cluster = FaultCluster.start()) {
			List<UUID> accepted = new ArrayList<>();
			for (int i = 0; i < 20; i++) {
				accepted.add(cluster.upload("ledger-" + i, (i % 2 == 0) ? Photos.landscape(i) : Photos.portrait(i)));
				if (i % 5 == 0) {
					cluster.delete("ledger-" + i);
				}
			}

			Ledger ledger = Ledger.settle(cluster.infrastructure(), accepted, Duration.ofMinutes(2));

			ledger.assertClean(accepted.size());
			assertThat(ledger.count("deleted")).as(ledger.toString()).isEqualTo(4);
			assertThat(ledger.count("resurrected")).as(ledger.toString()).isZero();
		}
	}

}
