package org.unsilo.store;

import java.util.List;

/**
 * The statements {@code RelationshipUpdater} runs per staff/contact pair on a message, by a DAO or by the capture
 * writer's JDBC. The reads are {@link RelationshipDao}'s reciprocity queries: {@code staffWrote} tells which of the
 * pair wrote {@code m}.
 */
public interface RelationshipStatements {

    /** {@link RelationshipDao#MERGE}. */
    void merge(long userId, long contactId, long firstAt, long lastAt, int sentCount, int receivedCount, int messageCount,
               double score, long now);

    /** {@link RelationshipDao#ADD_BONUS}. */
    void addBonus(long userId, long contactId, double bonus);

    /** {@link RelationshipDao#answersEarlier}. */
    boolean answersEarlier(MessageKey m, long userId, long contactId, boolean staffWrote);

    /** {@link RelationshipDao#repliesAnsweringOnly}. */
    List<MessageKey> repliesAnsweringOnly(MessageKey m, long userId, long contactId, boolean staffWrote);

    static RelationshipStatements of(RelationshipDao dao) {
        return new RelationshipStatements() {
            @Override
            public void merge(long userId, long contactId, long firstAt, long lastAt, int sentCount, int receivedCount,
                              int messageCount, double score, long now) {
                dao.merge(userId, contactId, firstAt, lastAt, sentCount, receivedCount, messageCount, score, now);
            }

            @Override
            public void addBonus(long userId, long contactId, double bonus) {
                dao.addBonus(userId, contactId, bonus);
            }

            @Override
            public boolean answersEarlier(MessageKey m, long userId, long contactId, boolean staffWrote) {
                return dao.answersEarlier(m, userId, contactId, staffWrote);
            }

            @Override
            public List<MessageKey> repliesAnsweringOnly(MessageKey m, long userId, long contactId, boolean staffWrote) {
                return dao.repliesAnsweringOnly(m, userId, contactId, staffWrote);
            }
        };
    }
}
