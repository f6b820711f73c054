package org.unsilo.web;

/**
 * What a one-time form sent again says instead of doing its action twice ({@link OnceForms}): a page title, what
 * happened and what to do now, and a link to the list where that is done.
 */
public record RepeatedForm(String title, String message, String href, String linkText) {
}
