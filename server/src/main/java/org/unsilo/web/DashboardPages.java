package org.unsilo.web;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.unsilo.adoption.Adoption;
import org.unsilo.adoption.BarChart;
import org.unsilo.auth.UserService;
import org.unsilo.store.UsageRow;
import org.unsilo.store.UserRow;

/** The dashboard: adoption figures and charts, unanswered mail. */
final class DashboardPages {

    static final Set<Integer> PERIODS = Set.of(7, 30, 90, 180);
    static final int FOLLOW_UP_DAYS = 7;

    private final Adoption adoption;
    private final UserService users;
    private final Templates templates;

    DashboardPages(Adoption adoption, UserService users, Templates templates) {
        this.adoption = adoption;
        this.users = users;
        this.templates = templates;
    }

    void register(RoutesConfig routes) {
        routes.get("/", this::dashboard);
    }

    private void dashboard(Context ctx) {
        int days = (int) Forms.queryLong(ctx, "days");
        if (!PERIODS.contains(days)) {
            days = 30;
        }
        long userId = Forms.queryLong(ctx, "user");
        Adoption.Report r = adoption.report(days, userId);
        Map<String, Object> m = Forms.model(ctx, "Dashboard", "dashboard");
        m.put("report", r);
        List<UserRow> staff = users.all();
        m.put("staff", staff);
        // Every current colleague, those who did nothing too (the ones a manager looks for), and a colleague who has left
        // while they still have activity in the period. Most captures first, then most active days.
        List<ColleagueUsage> usage = staff.stream()
                .filter(u -> userId == 0 ? u.isActive() || r.usage().containsKey(u.id()) : u.id() == userId)
                .map(u -> new ColleagueUsage(u, r.usage().getOrDefault(u.id(), new UsageRow(u.id(), 0, 0, 0))))
                .sorted(Comparator.comparingLong((ColleagueUsage c) -> c.usage().captures())
                        .thenComparingLong(c -> c.usage().activeDays()).reversed()
                        .thenComparing(c -> c.user().displayName()))
                .toList();
        m.put("usage", usage);
        m.put("team", userId == 0 && !usage.isEmpty() ? ColleagueUsage.total(usage) : null);
        m.put("periods", List.of(7, 30, 90, 180));
        m.put("charts", List.of(
                BarChart.of("active-day", "Active users per day", "Staff who looked up, captured or signed in, per day", r.activeUsersPerDay()),
                BarChart.of("active-week", "Active users per week", "Distinct active staff per week (from Monday)", r.activeUsersPerWeek()),
                BarChart.of("captures-week", "Captures per week", "Messages logged from the add-ins and the API per week", r.capturesPerWeek()),
                BarChart.of("lookups-week", "Add-in lookups per week", "Look-ups of who-knows-whom from the add-ins per week", r.lookupsPerWeek())));
        m.put("followUps", adoption.followUpGaps(FOLLOW_UP_DAYS, userId, 20));
        m.put("followUpDays", FOLLOW_UP_DAYS);
        templates.render(ctx, "dashboard.jte", m);
    }
}
