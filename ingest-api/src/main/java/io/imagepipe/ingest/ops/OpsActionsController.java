package io.imagepipe.ingest.ops;

import java.net.URI;
import java.security.Principal;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.imagepipe.ingest.OpenApiSecurity;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The actions on failed uploads and images, and their audit trail. The bulk ones (retry
 * all matching, reprocess all) start in the background and answer {@code 202 Accepted}
 * with their audit entry and its URL in {@code Location}; that URL shows their progress.
 */
@RestController
@RequestMapping(OpsPaths.API)
@SecurityRequirement(name = OpenApiSecurity.BEARER)
class OpsActionsController {

	private final Reprocessing reprocessing;

	private final RetryMatching retryMatching;

	private final BulkActions bulk;

	private final FailedUploads failed;

	private final OpsActions actions;

	private final AuditTrail audit;

	OpsActionsController(OpsActions actions, AuditTrail audit, Reprocessing reprocessing, RetryMatching retryMatching,
			BulkActions bulk, FailedUploads failed) {
		this.reprocessing = reprocessing;
		this.retryMatching = retryMatching;
		this.bulk = bulk;
		this.failed = failed;
		this.actions = actions;
		this.audit = audit;
	}

	@Operation(summary = "Retry one failed upload or the selected ones; each gets exactly one new round", tags = "ops")
	@PostMapping("/retries")
	ActionResult retry(@Valid @RequestBody UploadIds request, Principal principal) {
		return this.actions.retry(request.uploadIds(), principal.getName());
	}

	@Operation(summary = "Start retrying every failed upload matching a filter, in throttled batches, in the "
			+ "background; 409 while one runs", tags = "ops")
	@PostMapping("/retries/matching")
	ResponseEntity<AuditEntry> retryMatching(@Valid @RequestBody FailureFilter filter, Principal principal) {
		FailureFilter retryable = filter.retryable();
		return accepted(this.bulk.start(this.retryMatching, principal.getName(), "matching", retryable.describe(),
				() -> this.failed.count(retryable)));
	}

	@Operation(summary = "Start reprocessing every served image from its original upload, in throttled batches, in "
			+ "the background; 409 while one runs", tags = "ops")
	@PostMapping("/reprocessing")
	ResponseEntity<AuditEntry> reprocess(Principal principal) {
		return accepted(this.bulk.start(this.reprocessing, principal.getName(), "all", Map.of("images", "all"),
				this.reprocessing::count));
	}

	@Operation(summary = "One action of the audit trail, with the progress of a bulk action", tags = "ops")
	@GetMapping("/actions/{id}")
	AuditEntry action(@PathVariable long id) {
		return this.audit.find(id).orElseThrow(OpsProblem::unknownAction);
	}

	@Operation(summary = "Discard failed uploads: delete their bytes; they stay failed", tags = "ops")
	@PostMapping("/discards")
	ActionResult discard(@Valid @RequestBody UploadIds request, Principal principal) {
		return this.actions.discard(request.uploadIds(), principal.getName());
	}

	@Operation(summary = "The latest ops actions: who, when, what and how many uploads", tags = "ops")
	@GetMapping("/audit")
	List<AuditEntry> audit(@RequestParam(defaultValue = "50") int limit) {
		return this.audit.recent(Math.clamp(limit, 1, 500));
	}

	private static ResponseEntity<AuditEntry> accepted(AuditEntry started) {
		return ResponseEntity.accepted().location(URI.create(OpsPaths.action(started.id()))).body(started);
	}

	/**
	 * The uploads an action is asked for.
	 *
	 * @param uploadIds one, or the ones selected on the page
	 */
	record UploadIds(@NotEmpty @Size(max = 500) List<@NotNull UUID> uploadIds) {
	}

}
