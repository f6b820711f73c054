package org.unsilo.web;

import java.util.List;
import org.unsilo.store.UsageRow;
import org.unsilo.store.UserRow;

/** A colleague's row of the dashboard's use table: zeros for a colleague who did nothing in the period. */
public record ColleagueUsage(UserRow user, UsageRow usage) {

    /** The team's line under the table: everyone's days, captures and look-ups added up. */
    static UsageRow total(List<ColleagueUsage> rows) {
        return new UsageRow(0, rows.stream().mapToLong(r -> r.usage().activeDays()).sum(),
                rows.stream().mapToLong(r -> r.usage().captures()).sum(), rows.stream().mapToLong(r -> r.usage().lookups()).sum());
    }
}
