package dev.tap.optimizer.cli;

import picocli.CommandLine.Option;

/** The journal options that apply, resume and rollback share. */
public final class JournalOptions {

  @Option(names = "--state", paramLabel = "FILE|dynamodb://TABLE", defaultValue = ExecSupport.DEFAULT_STATE,
      description = {"The journal that records runs: a SQLite file (default: ${DEFAULT-VALUE}), or a DynamoDB table shared by every machine,",
          "dynamodb://TABLE[?region=REGION] (a crashed run resumes from any machine; the table also holds the account-region locks)."})
  String state;

  StateLocation location() {
    return StateLocation.parse(state);
  }

  @Option(names = "--break-stale-lock", description = {"apply: take over the account lock of a tap process that is gone from this host (resume and rollback",
          "do so by themselves). A lock held from another host is never taken over."})
  boolean breakStaleLock;
}
