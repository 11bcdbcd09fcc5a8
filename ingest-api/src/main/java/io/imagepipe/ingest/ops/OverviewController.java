package io.imagepipe.ingest.ops;

import io.imagepipe.ingest.OpenApiSecurity;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The overview of the ops dashboard.
 */
@RestController
@RequestMapping(OpsPaths.API)
@SecurityRequirement(name = OpenApiSecurity.BEARER)
class OverviewController {

	private final OverviewService overview;

	OverviewController(OverviewService overview) {
		this.overview = overview;
	}

	@Operation(summary = "Uploads per status, queue depths, throughput, failure rate and processing times",
			tags = "ops")
	@GetMapping("/overview")
	Overview overview() {
		return this.overview.overview();
	}

}
