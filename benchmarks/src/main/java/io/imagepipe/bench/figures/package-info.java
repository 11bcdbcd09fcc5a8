/**
 * The five figures of issue 9, each measured next to its anchor: serving, compression,
 * ingest, end to end and memory.
 */
package io.imagepipe.bench.figures;
