package io.berth.proxy;

import java.util.concurrent.Executor;

/**
 * What every client connection of the HTTP proxy shares.
 *
 * @param gateChecks where token checks run (they may read the database: never an event loop)
 * @param pages the pages browsers get when a pod cannot answer
 * @param signIn sends browsers without a session to Berth's sign-in and back
 * @param activity where traffic to pods is recorded
 * @param waker wakes sleeping pods for held requests; null to answer 503 as for any stopped pod
 */
record ProxyContext(
    RouteResolver routes,
    AccessGate gate,
    CredentialFilter credentials,
    ProxyProperties properties,
    ProxyMetrics metrics,
    PodConnector connector,
    Executor gateChecks,
    ProxyPages pages,
    BrowserSignIn signIn,
    PodActivity activity,
    PodWaker waker) {}
