package dev.coopgraph.launcher;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.graphdb.QueryExecutionException;
import org.neo4j.graphdb.Transaction;

/**
 * Glue only: starts a persistent Neo4j DBMS under a home directory with the
 * settings of a generated neo4j.conf, sets the neo4j user's password from a
 * file, and shuts the DBMS down cleanly on SIGTERM or SIGINT. Everything else
 * (configuration, lifecycle, health checks) lives in coopgraph's Go code.
 *
 * Usage: Launcher HOME CONF PASSWORD_FILE
 */
public final class Launcher {
    private Launcher() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: Launcher HOME CONF PASSWORD_FILE");
            System.exit(2);
        }
        Path home = Path.of(args[0]);
        Path conf = Path.of(args[1]);
        String password = Files.readString(Path.of(args[2]), StandardCharsets.UTF_8).strip();

        DatabaseManagementService dbms = new DatabaseManagementServiceBuilder(home)
                .loadPropertiesFromFile(conf)
                .build();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("coopgraph-launcher: shutting down");
            dbms.shutdown();
            System.out.println("coopgraph-launcher: stopped");
            stopped.countDown();
        }, "coopgraph-shutdown"));

        try {
            setPassword(dbms.database("system"), password);
        } catch (RuntimeException e) {
            // Without its password the server is of no use to coopgraph: exit
            // (the hook shuts the DBMS down), so that the Go side sees it at once.
            e.printStackTrace();
            System.out.println("coopgraph-launcher: could not set the password; exiting");
            System.exit(1);
        }
        System.out.println("coopgraph-launcher: ready");
        System.out.flush();
        stopped.await();
    }

    /**
     * Sets the neo4j user's password from the file. On a store that already
     * has that password (every restart) the server refuses with "Old password
     * and new password cannot be the same": then there is nothing to do.
     */
    static void setPassword(GraphDatabaseService system, String password) {
        try (Transaction tx = system.beginTx()) {
            tx.execute("ALTER USER neo4j SET PASSWORD $password CHANGE NOT REQUIRED",
                    Map.of("password", password)).close();
            tx.commit();
            System.out.println("coopgraph-launcher: password set");
        } catch (QueryExecutionException e) {
            if (!samePassword(e)) {
                throw e;
            }
            System.out.println("coopgraph-launcher: password already set");
        }
    }

    private static boolean samePassword(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String msg = t.getMessage();
            if (msg != null && msg.contains("Old password and new password cannot be the same")) {
                return true;
            }
        }
        return false;
    }
}
