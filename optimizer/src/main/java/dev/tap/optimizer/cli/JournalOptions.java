package dev.tap.optimizer.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The journal options that apply, resume and rollback share. */
public final class JournalOptions {

  @Option(names = "--state", paramLabel = "FILE", defaultValue = ExecSupport.DEFAULT_STATE,
      description = "The journal (SQLite) that records runs (default: ${DEFAULT-VALUE}).")
  Path state;

  @Option(names = "--break-stale-lock", description = {"apply: take over the account lock of a tap process that is gone from this host (resume and rollback",
          "do so by themselves). A lock held from another host is never taken over."})
  boolean breakStaleLock;
}
