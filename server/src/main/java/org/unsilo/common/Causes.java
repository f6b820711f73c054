package org.unsilo.common;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The causes of an exception, for the one beneath the wrappers that says what went wrong (an SDK's HTTP answer under
 * a retry's exception, the system's bind error under the server's). Guava's {@code Throwables.getCausalChain} is not
 * used: it throws on a chain that comes back on itself, and these walks run while a failure is being reported.
 */
public final class Causes {

    private Causes() {
    }

    /**
     * {@code failure} and its causes, outermost first; empty for null. The chain ends before a throwable already in it:
     * one may name itself, or one before it, as its cause.
     */
    public static List<Throwable> chain(Throwable failure) {
        List<Throwable> chain = new ArrayList<>();
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable t = failure; t != null && seen.add(t); t = t.getCause()) {
            chain.add(t);
        }
        return chain;
    }

    /** The outermost of {@code failure} and its causes that is a {@code type} (a class, or an interface). */
    public static <T> Optional<T> first(Throwable failure, Class<T> type) {
        return first(failure, type, t -> true);
    }

    /** The outermost of {@code failure} and its causes that is a {@code type} and passes {@code test}. */
    public static <T> Optional<T> first(Throwable failure, Class<T> type, Predicate<? super T> test) {
        return chain(failure).stream().filter(type::isInstance).map(type::cast).filter(test).findFirst();
    }
}
