package io.imagepipe.ingest.ops;

import java.security.Principal;
import java.util.List;
import java.util.UUID;

import io.imagepipe.ingest.auth.OpenApiSecurity;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The actions on failed uploads and their audit trail.
 */
@RestController
@RequestMapping(OpsPaths.API)
@SecurityRequirement(name = OpenApiSecurity.BEARER)
class OpsActionsController {

	private final Reprocessing reprocessing;

	private final OpsActions actions;

	private final AuditTrail audit;

	OpsActionsController(OpsActions actions, AuditTrail audit, Reprocessing reprocessing) {
		this.reprocessing = reprocessing;
		this.actions = actions;
		this.audit = audit;
	}

	@Operation(summary = "Retry one failed upload or the selected ones; each gets exactly one new round", tags = "ops")
	@PostMapping("/retries")
	ActionResult retry(@Valid @RequestBody UploadIds request, Principal principal) {
		return this.actions.retry(request.uploadIds(), principal.getName());
	}

	@Operation(summary = "Retry every failed upload matching a filter, in throttled batches", tags = "ops")
	@PostMapping("/retries/matching")
	ActionResult retryMatching(@Valid @RequestBody FailureFilter filter, Principal principal) {
		return this.actions.retryMatching(filter, principal.getName());
	}

	@Operation(summary = "Make every served image again from its newest raw upload, after a preset change; "
			+ "a newer upload of the user's always wins", tags = "ops")
	@PostMapping("/reprocessing")
	ActionResult reprocess(Principal principal) {
		return this.reprocessing.reprocessAll(principal.getName());
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

	/**
	 * The uploads an action is asked for.
	 *
	 * @param uploadIds one, or the ones selected on the page
	 */
	record UploadIds(@NotEmpty @Size(max = 500) List<@NotNull UUID> uploadIds) {
	}

}
