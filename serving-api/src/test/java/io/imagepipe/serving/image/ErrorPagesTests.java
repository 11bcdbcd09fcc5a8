package io.imagepipe.serving.image;

import jakarta.servlet.RequestDispatcher;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;

import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The problems serving-api answers without reading an image: {@code /error}, where Tomcat
 * forwards what no controller answered, and a path no controller maps. A Spring MVC slice
 * (no server, no database): only {@link ImageProblems}, web-support's
 * {@code ErrorProblems} with {@link ErrorPages}' texts, and the security headers filter.
 */
@WebMvcTest(controllers = ErrorPages.class)
@Import(ErrorPages.class)
class ErrorPagesTests {

	@Autowired
	MockMvc mvc;

	@Test
	void errorAskedForDirectlyIsAPathLikeAnyOther() throws Exception {
		this.mvc.perform(get("/error"))
			.andExpect(status().isNotFound())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.type").value("urn:imagepipe:problem:not-found"))
			.andExpect(jsonPath("$.title").value("Not found"))
			.andExpect(jsonPath("$.status").value(404))
			.andExpect(jsonPath("$.detail").value(containsString("/images/{ownerType}/{ownerId}/{slot}")));
	}

	@Test
	void aMalformedRequestTomcatForwardsIsAMalformedRequestProblem() throws Exception {
		this.mvc.perform(get("/error").requestAttr(RequestDispatcher.ERROR_STATUS_CODE, 400))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.type").value("urn:imagepipe:problem:malformed-request"))
			.andExpect(jsonPath("$.title").value("Malformed request"))
			.andExpect(jsonPath("$.detail").value("The request URL or its headers are malformed."));
	}

	@Test
	void everyServerErrorIsTheSameInternalErrorWithNothingOfTheFailure() throws Exception {
		this.mvc
			.perform(get("/error").requestAttr(RequestDispatcher.ERROR_STATUS_CODE, 503)
				.requestAttr(RequestDispatcher.ERROR_MESSAGE, "connection refused by 10.0.0.7"))
			.andExpect(status().isInternalServerError())
			.andExpect(jsonPath("$.type").value("urn:imagepipe:problem:internal-error"))
			.andExpect(jsonPath("$.title").value("Internal error"))
			.andExpect(jsonPath("$.detail").value("Something went wrong on our side. The error is logged."))
			.andExpect(content().string(org.hamcrest.Matchers.not(containsString("10.0.0.7"))));
	}

	@Test
	void anyOtherStatusIsAProblemOfThatStatusAlone() throws Exception {
		this.mvc.perform(get("/error").requestAttr(RequestDispatcher.ERROR_STATUS_CODE, 405))
			.andExpect(status().isMethodNotAllowed())
			.andExpect(jsonPath("$.title").value("Method Not Allowed"))
			.andExpect(jsonPath("$.status").value(405))
			.andExpect(jsonPath("$.type").doesNotExist());
	}

	@Test
	void aPathNoControllerMapsIsNotFoundWithTheSecurityHeaders() throws Exception {
		this.mvc.perform(get("/nothing/here"))
			.andExpect(status().isNotFound())
			.andExpect(jsonPath("$.type").value("urn:imagepipe:problem:not-found"))
			.andExpect(header().string("X-Content-Type-Options", "nosniff"));
	}

}
