package io.imagepipe.ops;

import java.util.List;

/**
 * One page of failed uploads, newest failure first.
 *
 * @param items the uploads on this page
 * @param page the page number, from 0
 * @param size the page size asked for
 * @param total the uploads matching the filter on all pages
 * @param errorClasses the error classes a filter can choose from
 * @param ownerTypes the owner types a filter can choose from
 */
record FailedPage(List<FailedUpload> items, int page, int size, long total, List<String> errorClasses,
		List<String> ownerTypes) {
}
