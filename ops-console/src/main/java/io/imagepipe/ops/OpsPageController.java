package io.imagepipe.ops;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The dashboard page: a static HTML page and a small ES module under {@code static/ops/}
 * that draw everything from the ops API.
 */
@Controller
class OpsPageController {

	@GetMapping({ "/ops", "/ops/" })
	String page() {
		return "forward:/ops/index.html";
	}

}
