package io.berth.proxy;

import java.util.concurrent.Executor;

/** What every client connection of the HTTP proxy shares. */
record ProxyContext(
    RouteTable table,
    AccessGate gate,
    CredentialFilter credentials,
    ProxyProperties properties,
    ProxyMetrics metrics,
    ProxyEventLoops loops,
    Executor gateChecks) {}
