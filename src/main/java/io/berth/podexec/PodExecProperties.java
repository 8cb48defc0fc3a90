package io.berth.podexec;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Site bounds on running commands in pods and copying files into them: how many commands one
 * request may run, the longest timeout it may ask for, how much of each output stream is kept, and
 * the largest file {@code upload_to_pod} takes (413 beyond).
 */
@ConfigurationProperties("berth.pods.exec")
public record PodExecProperties(
    Integer maxCommands, Duration maxTimeout, DataSize outputLimit, DataSize uploadLimit) {

  public PodExecProperties {
    maxCommands = maxCommands == null ? 50 : maxCommands;
    maxTimeout = maxTimeout == null ? Duration.ofHours(1) : maxTimeout;
    outputLimit = outputLimit == null ? DataSize.ofMegabytes(1) : outputLimit;
    uploadLimit = uploadLimit == null ? DataSize.ofMegabytes(512) : uploadLimit;
  }
}
