/**
 * Hostile requests against the running pipeline, each with the answer it must get.
 */
package io.imagepipe.e2e.security;
