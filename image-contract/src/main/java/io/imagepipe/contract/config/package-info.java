/**
 * Configuration that every service reads the same way.
 */
package io.imagepipe.contract.config;
