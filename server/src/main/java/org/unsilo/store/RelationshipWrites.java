package org.unsilo.store;

/** The two writes {@code RelationshipUpdater} makes per staff/contact pair, by a DAO or by the capture writer's JDBC. */
public interface RelationshipWrites {

    /** {@link RelationshipDao#MERGE}. */
    void merge(long userId, long contactId, long firstAt, long lastAt, int sentCount, int receivedCount, int messageCount,
               double score, long now);

    /** {@link RelationshipDao#ADD_BONUS}. */
    void addBonus(long userId, long contactId, double bonus);

    static RelationshipWrites of(RelationshipDao dao) {
        return new RelationshipWrites() {
            @Override
            public void merge(long userId, long contactId, long firstAt, long lastAt, int sentCount, int receivedCount,
                              int messageCount, double score, long now) {
                dao.merge(userId, contactId, firstAt, lastAt, sentCount, receivedCount, messageCount, score, now);
            }

            @Override
            public void addBonus(long userId, long contactId, double bonus) {
                dao.addBonus(userId, contactId, bonus);
            }
        };
    }
}
