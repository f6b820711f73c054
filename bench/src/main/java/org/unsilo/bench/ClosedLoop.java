package org.unsilo.bench;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/** The in-process baselines' load: {@code threads} threads working through {@code count} numbered tasks, each timed. */
final class ClosedLoop {

    /** Task number {@code i}; false when it failed. */
    interface Task {
        boolean run(int i) throws InterruptedException;
    }

    private ClosedLoop() {
    }

    /** The phase as a load result: status 200 for each task that succeeded, 0 for each that failed. */
    static HttpLoad.Result run(String label, int threads, int count, Task task) throws InterruptedException {
        AtomicInteger next = new AtomicInteger();
        long[] latencies = new long[count];
        AtomicInteger failed = new AtomicInteger();
        CountDownLatch go = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(threads);
        for (int t = 0; t < threads; t++) {
            Thread th = new Thread(() -> {
                try {
                    go.await();
                    int i;
                    while ((i = next.getAndIncrement()) < count) {
                        long t0 = System.nanoTime();
                        boolean ok = task.run(i);
                        latencies[i] = System.nanoTime() - t0;
                        if (!ok) {
                            failed.incrementAndGet();
                        }
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    done.countDown();
                }
            }, label + "-" + t);
            th.setDaemon(true);
            th.start();
        }
        long start = System.nanoTime();
        go.countDown();
        done.await();
        long wall = System.nanoTime() - start;
        Arrays.sort(latencies);
        Map<Integer, Integer> statuses = new TreeMap<>();
        if (count - failed.get() > 0) {
            statuses.put(200, count - failed.get());
        }
        if (failed.get() > 0) {
            statuses.put(0, failed.get());
        }
        return new HttpLoad.Result(label, threads, count, failed.get(), statuses, wall, latencies);
    }
}
