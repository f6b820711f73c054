package org.unsilo.store;

import java.util.Collection;
import java.util.List;
import org.jdbi.v3.sqlobject.customizer.BindList;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

/** The reads of the CSV and vCard exports that the general DAOs do not have. */
public interface ExportDao {

    /** How many (unmerged) contacts each of these organisations has; organisations without any are left out. */
    @SqlQuery("SELECT organization_id AS id, COUNT(*) AS count FROM contact WHERE merged_into IS NULL"
            + " AND organization_id IN (<ids>) GROUP BY organization_id")
    List<IdCount> contactCounts(@BindList("ids") Collection<Long> organizationIds);

    record IdCount(long id, long count) {
    }
}
