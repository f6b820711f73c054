package org.unsilo.web;

/** A generated password, shown once to the admin who created or reset it. */
public record NewPassword(String email, String password) {
}
