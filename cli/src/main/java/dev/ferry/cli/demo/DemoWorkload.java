package dev.ferry.cli.demo;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A live write load on the demo source: new orders, status updates, the odd cancellation (delete)
 * and customer moves, at a steady rate. It remembers when each order was inserted, so the time an
 * order takes to show up in a target is the end-to-end latency.
 */
final class DemoWorkload implements Runnable {

    private final DemoDatabases databases;
    private final int writesPerSecond;
    private final int customers;
    private final AtomicLong writes = new AtomicLong();
    private final Map<Long, Long> insertedAt = new ConcurrentHashMap<>();
    private volatile boolean running = true;
    private volatile Exception failure;

    DemoWorkload(DemoDatabases databases, int writesPerSecond, int customers) {
        this.databases = databases;
        this.writesPerSecond = writesPerSecond;
        this.customers = customers;
    }

    @Override
    public void run() {
        try (Connection c = databases.connectSource();
                PreparedStatement insert = c.prepareStatement("INSERT INTO public.orders (customer_id, amount, status, note) "
                        + "VALUES (?, ?, 'new', 'live order') RETURNING id");
                PreparedStatement update = c.prepareStatement("UPDATE public.orders SET status = ?, updated_at = now() "
                        + "WHERE id = (SELECT max(id) FROM public.orders) - ?");
                PreparedStatement delete = c.prepareStatement("DELETE FROM public.orders WHERE id = "
                        + "(SELECT max(id) FROM public.orders) - ?");
                PreparedStatement move = c.prepareStatement("UPDATE public.customers SET country = ? WHERE id = ?")) {
            long intervalNanos = 1_000_000_000L / Math.max(1, writesPerSecond);
            long next = System.nanoTime();
            while (running) {
                ThreadLocalRandom random = ThreadLocalRandom.current();
                int pick = random.nextInt(100);
                if (pick < 50) {
                    insert.setLong(1, random.nextInt(customers) + 1);
                    insert.setBigDecimal(2, java.math.BigDecimal.valueOf(random.nextInt(50_000), 2));
                    try (ResultSet rs = insert.executeQuery()) {
                        rs.next();
                        insertedAt.put(rs.getLong(1), System.currentTimeMillis());
                    }
                } else if (pick < 85) {
                    update.setString(1, random.nextBoolean() ? "paid" : "shipped");
                    update.setInt(2, random.nextInt(500));
                    update.executeUpdate();
                } else if (pick < 90) {
                    delete.setInt(1, 1 + random.nextInt(500));
                    delete.executeUpdate();
                } else {
                    move.setString(1, random.nextBoolean() ? "DE" : "US");
                    move.setLong(2, random.nextInt(customers) + 1);
                    move.executeUpdate();
                }
                writes.incrementAndGet();
                next += intervalNanos;
                long sleep = next - System.nanoTime();
                if (sleep > 0) {
                    Thread.sleep(sleep / 1_000_000, (int) (sleep % 1_000_000));
                }
            }
        } catch (SQLException e) {
            failure = e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    void stop() {
        running = false;
    }

    long writes() {
        return writes.get();
    }

    Exception failure() {
        return failure;
    }

    /** Milliseconds since the order was inserted, or -1 if this run did not insert it. */
    long ageOf(long orderId) {
        Long at = insertedAt.get(orderId);
        return at == null ? -1 : System.currentTimeMillis() - at;
    }
}
