package org.unsilo.store;

import java.util.List;

/**
 * The statements {@code RelationshipUpdater} runs per staff/contact pair on a captured message, by the capture
 * writer's JDBC. The reads are {@link RelationshipDao}'s reciprocity queries: {@code staffWrote} tells which of the
 * pair wrote {@code m}.
 */
public interface RelationshipStatements {

    /** {@link RelationshipDao#MERGE}. */
    void merge(long userId, long contactId, long firstAt, long lastAt, int sentCount, int receivedCount, int messageCount,
               double score, long now);

    /** {@link RelationshipDao#ADD_BONUS}. */
    void addBonus(long userId, long contactId, double bonus);

    /** {@link RelationshipDao#EARLIER_FROM_CONTACT} (or _FROM_STAFF). */
    boolean answersEarlier(MessageKey m, long userId, long contactId, boolean staffWrote);

    /** {@link RelationshipDao#LATER_REPLIES_FROM_CONTACT} (or _FROM_STAFF). */
    List<MessageKey> repliesAnsweringOnly(MessageKey m, long userId, long contactId, boolean staffWrote);
}
