/**
 * Reprocessing: after the slot presets changed, every served image is made again from its
 * newest raw upload, throttled so that users' own uploads keep moving.
 */
package io.imagepipe.imports.reprocess;
