package io.imagepipe.ops;

import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.validation.constraints.Pattern;

import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.format.annotation.DateTimeFormat.ISO;
import org.springframework.jdbc.core.simple.JdbcClient.StatementSpec;

/**
 * Which failed uploads to list or retry. Every part is optional.
 *
 * @param errorClass {@code unprocessable}, {@code transient}, {@code worker-crash}…
 * @param ownerType such as {@code users}
 * @param from failed at or after this instant
 * @param to failed before this instant
 * @param includeDiscarded whether uploads whose bytes were discarded are listed too
 */
record FailureFilter(@Pattern(regexp = "[a-z0-9-]{1,32}") String errorClass,
		@Pattern(regexp = "[a-z0-9-]{1,32}") String ownerType, @DateTimeFormat(iso = ISO.DATE_TIME) OffsetDateTime from,
		@DateTimeFormat(iso = ISO.DATE_TIME) OffsetDateTime to, Boolean includeDiscarded) {

	FailureFilter {
		errorClass = blankToNull(errorClass);
		ownerType = blankToNull(ownerType);
		includeDiscarded = Boolean.TRUE.equals(includeDiscarded);
	}

	/**
	 * The same filter without the discarded uploads, which cannot be retried.
	 * @return the filter for a retry
	 */
	FailureFilter retryable() {
		return new FailureFilter(this.errorClass, this.ownerType, this.from, this.to, false);
	}

	/**
	 * The SQL condition on the uploads table aliased {@code u}; its parameters are bound
	 * by {@link #bind(StatementSpec)}.
	 * @return the condition
	 */
	String condition() {
		StringBuilder sql = new StringBuilder("u.status = 'failed'");
		if (!this.includeDiscarded) {
			sql.append(" AND u.discarded_at IS NULL");
		}
		if (this.errorClass != null) {
			sql.append(" AND u.error_class = :errorClass");
		}
		if (this.ownerType != null) {
			sql.append(" AND u.owner_type = :ownerType");
		}
		if (this.from != null) {
			sql.append(" AND u.finished_at >= :from");
		}
		if (this.to != null) {
			sql.append(" AND u.finished_at < :to");
		}
		return sql.toString();
	}

	private static String blankToNull(String value) {
		return (value == null || value.isBlank()) ? null : value;
	}

	StatementSpec bind(StatementSpec statement) {
		return statement.param("errorClass", this.errorClass)
			.param("ownerType", this.ownerType)
			.param("from", this.from)
			.param("to", this.to);
	}

	/**
	 * The filter as the audit trail records it.
	 * @return the parts that are set
	 */
	Map<String, Object> describe() {
		Map<String, Object> parts = new LinkedHashMap<>();
		if (this.errorClass != null) {
			parts.put("errorClass", this.errorClass);
		}
		if (this.ownerType != null) {
			parts.put("ownerType", this.ownerType);
		}
		if (this.from != null) {
			parts.put("from", this.from.toString());
		}
		if (this.to != null) {
			parts.put("to", this.to.toString());
		}
		return parts;
	}

}
