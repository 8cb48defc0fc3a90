package io.berth.processes.catalog;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of OGC API - Processes ({@code berth.processes.*}, {@code BERTH_PROCESSES_*}).
 *
 * @param anonymousUser empty: every request needs a token; else requests without one act as this
 *     user of the site's tenant (for the OGC test suites, which send no token)
 * @param anonymousRoles the roles that user has (e.g. the deploy role)
 * @param deployRole the role that may deploy processes (tenant admins always may)
 * @param allowedUrls URL prefixes Berth may fetch packages and inputs from (none by default)
 * @param echoImage the image the built-in echo process runs (needs /bin/sh, cat and sleep)
 * @param maxRunning jobs running at once on the site; more wait in the queue
 * @param maxRunningPerUser jobs of one user running at once
 * @param maxQueuedPerUser jobs of one user not finished yet; more are refused (429)
 * @param syncWait how long a synchronous execution waits before answering 201 with the job
 */
@ConfigurationProperties("berth.processes")
public record ProcessesProperties(
    String anonymousUser,
    List<String> anonymousRoles,
    String deployRole,
    List<String> allowedUrls,
    String echoImage,
    Integer maxRunning,
    Integer maxRunningPerUser,
    Integer maxQueuedPerUser,
    Duration defaultTimeout,
    Duration maxTimeout,
    Duration syncWait,
    Double defaultCpu,
    Double maxCpu,
    Integer defaultMemoryMib,
    Integer maxMemoryMib,
    Integer outputSizeLimitMb,
    Long maxInputBytes,
    Integer maxStdoutBytes,
    Integer logTailBytes,
    Duration fetchTimeout,
    Duration orphanGrace) {

  public ProcessesProperties {
    anonymousUser = anonymousUser == null ? "" : anonymousUser.strip();
    anonymousRoles = anonymousRoles == null ? List.of() : List.copyOf(anonymousRoles);
    deployRole = deployRole == null || deployRole.isBlank() ? "process-deployer" : deployRole;
    allowedUrls = allowedUrls == null ? List.of() : List.copyOf(allowedUrls);
    echoImage = echoImage == null || echoImage.isBlank() ? "localhost/berth/hello:1" : echoImage;
    maxRunning = maxRunning == null ? 16 : maxRunning;
    maxRunningPerUser = maxRunningPerUser == null ? 4 : maxRunningPerUser;
    maxQueuedPerUser = maxQueuedPerUser == null ? 200 : maxQueuedPerUser;
    defaultTimeout = defaultTimeout == null ? Duration.ofHours(1) : defaultTimeout;
    maxTimeout = maxTimeout == null ? Duration.ofHours(24) : maxTimeout;
    syncWait = syncWait == null ? Duration.ofMinutes(10) : syncWait;
    defaultCpu = defaultCpu == null ? 1.0 : defaultCpu;
    maxCpu = maxCpu == null ? 4.0 : maxCpu;
    defaultMemoryMib = defaultMemoryMib == null ? 1024 : defaultMemoryMib;
    maxMemoryMib = maxMemoryMib == null ? 8192 : maxMemoryMib;
    outputSizeLimitMb = outputSizeLimitMb == null ? 1024 : outputSizeLimitMb;
    maxInputBytes = maxInputBytes == null ? 1024L * 1024 * 1024 : maxInputBytes;
    maxStdoutBytes = maxStdoutBytes == null ? 64 * 1024 * 1024 : maxStdoutBytes;
    logTailBytes = logTailBytes == null ? 1024 * 1024 : logTailBytes;
    fetchTimeout = fetchTimeout == null ? Duration.ofSeconds(30) : fetchTimeout;
    orphanGrace = orphanGrace == null ? Duration.ofSeconds(60) : orphanGrace;
  }

  public boolean anonymous() {
    return !anonymousUser.isEmpty();
  }
}
