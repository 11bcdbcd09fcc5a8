package io.imagepipe.web;

import java.io.IOException;
import java.io.Writer;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.catalina.Container;
import org.apache.catalina.Context;
import org.apache.catalina.Pipeline;
import org.apache.catalina.Valve;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;

import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;

/**
 * Tomcat's error report, for the requests it refuses before the application sees them,
 * such as a path with {@code %} not followed by two hex digits, an encoded {@code /} or
 * NUL, a missing {@code Host} or headers that are too large: an RFC 9457 problem, in
 * place of Tomcat's HTML page, with the strictest headers of the services
 * ({@code nosniff}, a sandboxing content security policy, {@code same-origin} resource
 * policy), since such an answer is never an image or a page. Nothing of the request is
 * echoed. Errors inside the application never get here: they are answered by the
 * controller advice or by {@code /error}.
 */
public final class ProblemReportValve extends ErrorReportValve {

	/**
	 * Replace the host's error report valves (Tomcat's, and the one Spring Boot adds) by
	 * this one.
	 * @param context the application's context, already added to its host
	 */
	public static void installOnHostOf(Context context) {
		Container host = context.getParent();
		Pipeline pipeline = host.getPipeline();
		for (Valve valve : pipeline.getValves()) {
			if (valve instanceof ErrorReportValve) {
				pipeline.removeValve(valve);
			}
		}
		pipeline.addValve(new ProblemReportValve());
		if (host instanceof StandardHost standardHost) {
			// else the host adds its default valve again when it starts
			standardHost.setErrorReportValveClass(ProblemReportValve.class.getName());
		}
	}

	@Override
	protected void report(Request request, Response response, Throwable throwable) {
		int status = response.getStatus();
		if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
			return;
		}
		AtomicBoolean ioAllowed = new AtomicBoolean(true);
		response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
		if (!ioAllowed.get()) {
			return;
		}
		response.setHeader("X-Content-Type-Options", "nosniff");
		response.setHeader("Content-Security-Policy", "default-src 'none'; sandbox");
		response.setHeader("Cross-Origin-Resource-Policy", "same-origin");
		response.setContentType("application/problem+json");
		response.setCharacterEncoding("UTF-8");
		try {
			Writer writer = response.getReporter();
			if (writer != null) {
				writer.write(problem(status));
				response.finishResponse();
			}
		}
		catch (IOException | IllegalStateException ex) {
			// the client is gone, or the answer can no longer be written: nothing to
			// report to
		}
	}

	/**
	 * The problem for a status, from fixed text only.
	 */
	static String problem(int status) {
		if (status == 400) {
			return Problems.json(Problems.of(HttpStatusCode.valueOf(status), "malformed-request", "Malformed request",
					"The request URL or its headers are malformed."));
		}
		if (status >= 500) {
			return Problems.json(Problems.of(HttpStatusCode.valueOf(status), "internal-error", "Internal error",
					"Something went wrong on our side. The error is logged."));
		}
		ProblemDetail problem = ProblemDetail.forStatus(status);
		problem.setTitle(title(status));
		return Problems.json(problem);
	}

	private static String title(int status) {
		return switch (status) {
			case 404 -> "Not Found";
			case 405 -> "Method Not Allowed";
			case 408 -> "Request Timeout";
			case 413 -> "Content Too Large";
			case 414 -> "URI Too Long";
			case 431 -> "Request Header Fields Too Large";
			default -> "Error";
		};
	}

}
