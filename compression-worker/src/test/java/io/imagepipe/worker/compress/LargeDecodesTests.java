package io.imagepipe.worker.compress;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One large decode at a time, whichever path, while small decodes never wait.
 */
class LargeDecodesTests {

	@Test
	void aSecondLargeDecodeWaitsForTheFirstAndASmallOneDoesNot() throws Exception {
		// threads of its own: the common pool may have a single thread, which the waiting
		// decode would hold
		ExecutorService threads = Executors.newFixedThreadPool(2);
		CountDownLatch secondEntered = new CountDownLatch(1);
		CompletableFuture<Void> second;
		LargeDecodes.Permit first = LargeDecodes.enter(true);
		try {
			second = CompletableFuture.runAsync(() -> {
				LargeDecodes.Permit permit = LargeDecodes.enter(true);
				secondEntered.countDown();
				permit.close();
			}, threads);
			assertThat(secondEntered.await(300, TimeUnit.MILLISECONDS)).as("entered while the first runs").isFalse();
			CompletableFuture<Boolean> small = CompletableFuture.supplyAsync(() -> {
				LargeDecodes.Permit permit = LargeDecodes.enter(false);
				permit.close();
				return true;
			}, threads);
			assertThat(small.get(5, TimeUnit.SECONDS)).isTrue();
		}
		finally {
			first.close();
		}
		try {
			assertThat(secondEntered.await(5, TimeUnit.SECONDS)).as("entered once the first was done").isTrue();
			second.get(5, TimeUnit.SECONDS);
		}
		finally {
			threads.shutdownNow();
		}
	}

}
