/**
 * Browser tests: the demo pages and the upload component in Debian's headless chromium,
 * driven by Selenium through /usr/bin/chromedriver, against the three services running as
 * processes.
 */
package io.imagepipe.e2e.browser;
