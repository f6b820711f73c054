package org.unsilo.contacts;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.unsilo.store.RecentConversations;

/**
 * A contact's recent conversations as each viewer is shown them, worked out from rows read once for every viewer.
 * Most contacts show the same to everyone. For the few with a private message among their newest, each viewer's
 * page is picked from those rows the first time they look, and kept: the same list instance every time after, so
 * that what was made of it can be kept too (LookupApi keeps its JSON).
 */
final class ShownRecent {

    private final RecentConversations.Page page;
    /** Each row as those who may see it are shown it, at its position in the page's rows. */
    private final List<Views.Conversation> visible;
    /** The page when it is the same for everyone, else null. */
    private final List<Views.Conversation> forEveryone;
    private final Map<Long, List<Views.Conversation>> byViewer = new ConcurrentHashMap<>();

    ShownRecent(RecentConversations.Page page) {
        this.page = page;
        this.visible = page.rows().stream().map(r -> ViewMapper.conversation(r.asVisible())).toList();
        // Without a private row the viewer makes no difference: any id will do.
        List<Integer> all = page.sameForEveryone() ? page.visibleTo(0) : null;
        this.forEveryone = all == null ? null : pick(all);
    }

    /** What {@code viewer} is shown; null when only the exact read tells ({@link #remember} it then). */
    List<Views.Conversation> to(long viewer) {
        if (forEveryone != null) {
            return forEveryone;
        }
        List<Views.Conversation> shown = byViewer.get(viewer);
        if (shown == null) {
            List<Integer> positions = page.visibleTo(viewer);
            if (positions == null) {
                return null;
            }
            shown = byViewer.computeIfAbsent(viewer, v -> pick(positions));
        }
        return shown;
    }

    /** {@code viewer}'s page as read exactly, where the rows at hand left it short. */
    List<Views.Conversation> remember(long viewer, List<Views.Conversation> exact) {
        byViewer.put(viewer, exact);
        return exact;
    }

    /** Rows read, for the cache's weight. */
    List<Views.Conversation> rows() {
        return visible;
    }

    private List<Views.Conversation> pick(List<Integer> positions) {
        return positions.stream().map(visible::get).toList();
    }
}
