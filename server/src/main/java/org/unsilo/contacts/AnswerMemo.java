package org.unsilo.contacts;

/**
 * Room in a kept lookup answer for what a caller made of it last (the API keeps its JSON there), shared by every lookup
 * that shows the same card. Whoever reads it checks that what it holds was made of the parts now shown: the staff
 * list and the conversations may be other instances by then (strengths decay, viewers differ).
 */
public final class AnswerMemo {

    private volatile Object held;

    public Object held() {
        return held;
    }

    public void hold(Object value) {
        held = value;
    }
}
