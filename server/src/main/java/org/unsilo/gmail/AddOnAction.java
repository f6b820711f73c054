package org.unsilo.gmail;

/** The buttons of the add-on's cards; Google posts a click to {@code POST /gmail/action/<segment>}. */
public enum AddOnAction {
    SEARCH("search"),
    PERSON("person"),
    CONTACT_FORM("contact-form"),
    SAVE_CONTACT("save-contact"),
    RENAME_ORGANIZATION("rename-organization"),
    CANCEL_RENAME("cancel-rename"),
    LOG("log"),
    LOG_PRIVATE("log-private");

    private final String segment;

    AddOnAction(String segment) {
        this.segment = segment;
    }

    public String path() {
        return "/gmail/action/" + segment;
    }
}
