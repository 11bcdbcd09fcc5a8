/**
 * The {@code image-import} command line: brings legacy images into imagepipe through
 * ingest-api's upload API, and reprocesses stored images when the slot presets change.
 */
package io.imagepipe.imports;
