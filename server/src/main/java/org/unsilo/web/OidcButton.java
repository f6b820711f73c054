package org.unsilo.web;

/** A "Sign in with …" link of the sign-in page. */
public record OidcButton(String label, String href) {
}
