/**
 * Importing legacy images: from a folder, or from a legacy table's BLOB or URL columns,
 * uploaded through ingest-api's public upload API with a journal that makes re-runs skip
 * what is done.
 */
package io.imagepipe.imports.legacy;
