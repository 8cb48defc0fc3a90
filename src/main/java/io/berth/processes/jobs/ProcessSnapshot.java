package io.berth.processes.jobs;

import io.berth.processes.catalog.ExecutionUnit;
import io.berth.processes.catalog.ProcessDescription;

/** The process as it was when the job was asked for: later replacements do not change the job. */
public record ProcessSnapshot(ProcessDescription description, ExecutionUnit unit) {}
