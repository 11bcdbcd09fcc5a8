/**
 * What ingest-api and serving-api share below Spring MVC.
 */
package io.imagepipe.web;
