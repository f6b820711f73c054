package org.unsilo.manifest;

/** The words users and admins see in every manifest, kept in one place so Outlook and Gmail say the same. */
public final class AddinText {

    /** Also named by the help page: the add-in as the message's Apps menu lists it. */
    public static final String NAME = "Unsilo";
    static final String FULL_NAME = "Unsilo: who knows whom, from your inbox";
    static final String PROVIDER = "Unsilo";
    /** At most 80 characters (unified manifest {@code description.short}). */
    static final String SHORT_DESCRIPTION = "See who at your company knows the people you e-mail; save them in one click.";
    static final String FULL_DESCRIPTION = "Unsilo shows what your company already knows about the people on the e-mail "
            + "you are reading or writing: whether they are known contacts, their organisation, which colleagues know "
            + "them and how well, and your recent conversations. Save a contact, log a conversation or mark it private "
            + "with one click. Everything is stored on your company's own Unsilo server.";
    static final String GROUP_LABEL = "Unsilo";
    /** Also named by the help page, which tells users what to choose on the ribbon. */
    public static final String BUTTON_LABEL = "Show Unsilo";
    static final String BUTTON_TOOLTIP = "See what your company knows about the people on this e-mail, save contacts "
            + "and log the conversation.";

    private AddinText() {
    }
}
