package org.unsilo.store;

import java.util.Optional;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** "Log when sent" notes left by the compose pane, resolved by the first capture of the sent message (V10). */
public interface PendingCaptureDao {

    @SqlQuery("INSERT INTO pending_capture (user_id, subject, subject_norm, recipients, private, created_at)"
            + " VALUES (:userId, :subject, :subjectNorm, :recipients, :privateFlag, :at) RETURNING id")
    long insert(@Bind("userId") long userId, @Bind("subject") String subject, @Bind("subjectNorm") String subjectNorm,
                @Bind("recipients") String recipients, @Bind("privateFlag") int privateFlag, @Bind("at") long at);

    @SqlQuery("SELECT id, user_id, subject, private AS private_flag, created_at, message_id, matched_at"
            + " FROM pending_capture WHERE id = :id")
    Optional<PendingCaptureRow> find(@Bind("id") long id);

    /** The oldest open note of this user for a message with this subject and these recipients. */
    String OPEN = " FROM pending_capture WHERE user_id = :userId AND subject_norm = :subjectNorm"
            + " AND recipients = :recipients AND matched_at IS NULL AND created_at >= :since ORDER BY created_at, id LIMIT 1";
    String OPEN_ID = "SELECT id" + OPEN;
    String RESOLVE = "UPDATE pending_capture SET message_id = :messageId, matched_at = :at WHERE id = :id AND matched_at IS NULL";

    @SqlQuery("SELECT id, user_id, subject, private AS private_flag, created_at, message_id, matched_at" + OPEN)
    Optional<PendingCaptureRow> open(@Bind("userId") long userId, @Bind("subjectNorm") String subjectNorm,
                                     @Bind("recipients") String recipients, @Bind("since") long since);

    @SqlUpdate(RESOLVE)
    int resolve(@Bind("id") long id, @Bind("messageId") long messageId, @Bind("at") long at);
}
