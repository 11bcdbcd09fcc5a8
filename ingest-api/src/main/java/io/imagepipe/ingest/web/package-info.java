/**
 * What browser pages need besides the upload API: CORS for pages served from other
 * origins, and the problems of paths nothing answers. The current image of a slot is
 * serving-api's {@code /meta}. The upload component and the demo pages themselves are
 * static files in {@code static/}.
 */
package io.imagepipe.ingest.web;
