/**
 * The photos the suite uploads and compresses, generated deterministically into
 * {@code target/} and reused by later runs.
 */
package io.imagepipe.bench.corpus;
