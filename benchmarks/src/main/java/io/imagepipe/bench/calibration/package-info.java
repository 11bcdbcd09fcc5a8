/**
 * The bare Spring Boot endpoint that calibrates figure 1.
 */
package io.imagepipe.bench.calibration;
