package org.unsilo.store;

import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

/** Whether a message is already in the CRM, and which staff logged it: the add-ins' "already logged" state. */
public interface MessageStatusDao {

    /** The message, when the viewer may see it: not private, or private with the viewer among its copy owners. */
    @SqlQuery("SELECT m.id, m.internet_message_id, m.subject, m.sent_at, m.private AS private_flag"
            + " FROM message m WHERE m.internet_message_id = :mid AND (m.private = 0 OR EXISTS"
            + " (SELECT 1 FROM message_copy c WHERE c.message_id = m.id AND c.user_id = :viewer))")
    Optional<LoggedMessageRow> visible(@Bind("mid") String internetMessageId, @Bind("viewer") long viewer);

    @SqlQuery("SELECT u.id AS user_id, u.email, u.display_name, c.source, c.captured_at FROM message_copy c"
            + " JOIN app_user u ON u.id = c.user_id WHERE c.message_id = :id ORDER BY c.captured_at, u.id")
    List<LoggerRow> loggedBy(@Bind("id") long messageId);
}
