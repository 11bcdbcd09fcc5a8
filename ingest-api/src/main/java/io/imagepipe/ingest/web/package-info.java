/**
 * What browser pages need besides the upload API: the current image of a slot with its
 * versioned URL, size, placeholder colour and renditions, and CORS for pages served from
 * other origins. The upload component and the demo pages themselves are static files in
 * {@code static/}.
 */
package io.imagepipe.ingest.web;
