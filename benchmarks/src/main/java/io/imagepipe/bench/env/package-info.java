/**
 * The environment of a run: the machine, an isolated database and broker namespace, the
 * three services as processes, nginx, wrk, external commands and JFR profiles.
 */
package io.imagepipe.bench.env;
