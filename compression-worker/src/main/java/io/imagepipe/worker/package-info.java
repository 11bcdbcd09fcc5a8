/**
 * compression-worker: the job consumer and the image pipeline it runs.
 */
package io.imagepipe.worker;
