/**
 * What the HTTP services share: {@link io.imagepipe.web.Problems}, the one builder of
 * their RFC 9457 problems; {@link io.imagepipe.web.ErrorProblems}, the answers of
 * {@code /error}; and {@link io.imagepipe.web.ProblemReportValve}, the problems of the
 * requests Tomcat refuses before Spring MVC.
 */
package io.imagepipe.web;
