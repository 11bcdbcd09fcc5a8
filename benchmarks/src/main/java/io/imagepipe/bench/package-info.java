/**
 * The benchmark suite behind {@code bin/bench}: runs each of the project's figures next
 * to its anchor (nginx, libvips) on this machine, in one run, and prints one table with
 * the ratios and the targets. Benchmarks are not timed tests: nothing here fails on
 * speed.
 */
package io.imagepipe.bench;
