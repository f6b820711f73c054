package org.unsilo.store;

import java.util.List;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

/**
 * The one read of the suppression list that capture needs (through the Directory snapshot). A SqlObject of its own:
 * attaching the whole {@link PrivacyDao} builds a handler for each of its methods, which made the first captures
 * after start-up slow enough to matter.
 */
public interface SuppressionDao {

    @SqlQuery("SELECT address_hash FROM suppression")
    List<String> allHashes();
}
