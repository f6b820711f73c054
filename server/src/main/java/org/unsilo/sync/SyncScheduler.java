package org.unsilo.sync;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerBuilder;
import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.task.CompletionHandler;
import com.github.kagkarlsson.scheduler.task.TaskInstanceId;
import com.github.kagkarlsson.scheduler.task.helper.CustomTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.Schedules;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.unsilo.importer.ImportProgress;
import org.unsilo.store.ConnectionRow;
import org.unsilo.store.Database;
import org.unsilo.store.Dialect;

/**
 * Per-connection sync jobs on db-scheduler: one task instance per connection in the {@code scheduled_tasks} table, so
 * jobs survive restarts, and db-scheduler's row locking means one server at a time runs a given mailbox. After each
 * run the instance is rescheduled {@code UNSILO_SYNC_INTERVAL} later.
 */
public final class SyncScheduler implements AutoCloseable {

    static final String TASK = "mailbox-sync";
    private static final Logger LOG = LoggerFactory.getLogger(SyncScheduler.class);

    private final Database db;
    private final Duration interval;
    private final CustomTask<Void> task;
    private final SchedulerClient client;
    private Scheduler scheduler;

    public SyncScheduler(Database db, SyncService sync, Duration interval) {
        this.db = db;
        this.interval = interval;
        this.task = Tasks.custom(TASK, Void.class).execute((instance, ctx) -> {
            SyncService.RoundResult r = sync.runRound(Long.parseLong(instance.getId()), ImportProgress.NONE);
            if (r.outcome() == SyncService.Outcome.NOT_CONNECTED) {
                return new CompletionHandler.OnCompleteRemove<>();
            }
            if (r.outcome() == SyncService.Outcome.BUSY) {
                // Expected only while `unsilo sync` runs the same mailbox; from the scheduler alone it would mean two
                // servers fired one job, which db-scheduler's row locking is there to prevent.
                LOG.info("scheduled sync of connection {} skipped: {}", instance.getId(), r.message());
            }
            return new CompletionHandler.OnCompleteReschedule<>(Schedules.fixedDelay(interval));
        });
        SchedulerClient.Builder clientBuilder = SchedulerClient.Builder.create(db.writeDataSource(), task);
        if (db.dialect() == Dialect.SQLITE) {
            clientBuilder.jdbcCustomization(new SqliteJdbcCustomization());
        }
        this.client = clientBuilder.build();
    }

    /** Runs due jobs in the background (the server does; command-line runs only schedule). */
    public void start(List<ConnectionRow> connections) {
        for (ConnectionRow c : connections) {
            schedule(c.id());
        }
        // Poll at least as often as the interval, so a short interval (tests, small teams) is honoured.
        Duration poll = interval.compareTo(Duration.ofSeconds(10)) < 0 ? interval : Duration.ofSeconds(10);
        SchedulerBuilder builder = Scheduler.create(db.writeDataSource(), task).threads(2).pollingInterval(poll);
        if (db.dialect() == Dialect.SQLITE) {
            builder.jdbcCustomization(new SqliteJdbcCustomization());
        }
        scheduler = builder.build();
        scheduler.start();
    }

    /** Makes sure the connection has a job; a new one runs now. */
    public void schedule(long connectionId) {
        client.scheduleIfNotExists(task.instance(Long.toString(connectionId)), Instant.now());
    }

    /** Brings the connection's next round forward to now; false when a round is running at this moment. */
    public boolean runSoon(long connectionId) {
        TaskInstanceId id = TaskInstanceId.of(TASK, Long.toString(connectionId));
        if (client.getScheduledExecution(id).isEmpty()) {
            schedule(connectionId);
            return true;
        }
        return client.reschedule(id, Instant.now());
    }

    public void cancel(long connectionId) {
        TaskInstanceId id = TaskInstanceId.of(TASK, Long.toString(connectionId));
        if (client.getScheduledExecution(id).isPresent()) {
            client.cancel(id);
        }
    }

    @Override
    public void close() {
        if (scheduler != null) {
            scheduler.stop();
            scheduler = null;
        }
    }
}
