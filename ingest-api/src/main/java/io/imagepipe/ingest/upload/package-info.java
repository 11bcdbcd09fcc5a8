/**
 * Accepting uploads: size, media type and dimension checks from the header, one
 * transaction for the raw bytes and their job, and the status of each upload.
 */
package io.imagepipe.ingest.upload;
