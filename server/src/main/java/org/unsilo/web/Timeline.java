package org.unsilo.web;

import java.util.List;
import org.unsilo.contacts.Views;

/** One page of the conversations with a contact that the viewer may see, and the cursor of the next (null at the end). */
public record Timeline(long contactId, List<Views.Conversation> conversations, String next) {
}
