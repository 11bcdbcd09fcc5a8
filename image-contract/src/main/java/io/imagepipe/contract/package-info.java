/**
 * What ingest-api, compression-worker and serving-api must agree on: the key of an image,
 * the rules for its public and versioned URLs, the job message and the names of the
 * broker topology that carries it. The schema migrations live beside this code in
 * {@code db/migration}.
 */
package io.imagepipe.contract;
