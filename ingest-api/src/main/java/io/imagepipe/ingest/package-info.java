/**
 * ingest-api: the upload endpoint, the upload status endpoint and the relay that hands
 * stored jobs to the broker.
 */
package io.imagepipe.ingest;
