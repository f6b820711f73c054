package org.unsilo.web;

/** What an admin typed into "Add a colleague", shown again when adding was refused. */
public record NewColleague(String email, String name, String role) {
}
