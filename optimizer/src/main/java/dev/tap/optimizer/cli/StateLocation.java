package dev.tap.optimizer.cli;

import dev.tap.optimizer.aws.AwsClients;
import dev.tap.optimizer.aws.AwsOptions;
import dev.tap.optimizer.aws.DynamoDbJournal;
import dev.tap.optimizer.error.ExitCode;
import dev.tap.optimizer.error.UserError;
import dev.tap.optimizer.exec.AccountLock;
import dev.tap.optimizer.exec.Journal;
import dev.tap.optimizer.exec.LayeredLock;
import dev.tap.optimizer.journal.SqliteJournal;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What {@code --state} names: a SQLite file (the default, one machine) or a DynamoDB table shared by
 * every machine, {@code dynamodb://TABLE[?region=REGION]}; without {@code ?region=} the table is in
 * {@code --region}, else the SDK's region (AWS_REGION, the profile). {@code &credentials=chain} reaches the
 * table with the SDK's default credential chain instead of {@code --aws-profile}: a scheduler (the control
 * plane's Fargate task) keeps its journal in its own account while the command acts in a member account.
 */
record StateLocation(Path file, String table, String region, boolean defaultChain) {

  static final String SCHEME = "dynamodb://";
  /** DynamoDB's rule for table names. */
  private static final Pattern TABLE = Pattern.compile("[A-Za-z0-9_.-]{3,255}");
  private static final Pattern URI = Pattern.compile("dynamodb://([^?/]*)/?(?:\\?(.*))?", Pattern.CASE_INSENSITIVE);
  private static final Pattern OTHER_SCHEME = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]+://.*");
  static final String HOW = "--state takes a SQLite file (for example tap-state.db) or a DynamoDB table as dynamodb://TABLE or"
      + " dynamodb://TABLE?region=REGION, with &credentials=chain to reach the table with the default credential chain rather than"
      + " --aws-profile (docs/journal.md).";

  static StateLocation parse(String value) {
    if (value == null || value.isBlank()) throw new UserError(ExitCode.BAD_INPUT, "--state is empty. " + HOW);
    String v = value.trim();
    if (v.toLowerCase(Locale.ROOT).startsWith("dynamodb:")) {
      Matcher m = URI.matcher(v);
      if (!m.matches()) throw new UserError(ExitCode.BAD_INPUT, "--state " + v + " is not a DynamoDB journal URI. " + HOW);
      String table = m.group(1);
      if (!TABLE.matcher(table).matches()) {
        throw new UserError(ExitCode.BAD_INPUT, "--state " + v + ": '" + table + "' is not a DynamoDB table name (3 to 255 letters, digits, '_', '-', '.'). " + HOW);
      }
      String region = null;
      boolean chain = false;
      if (m.group(2) != null && !m.group(2).isEmpty()) {
        for (String param : m.group(2).split("&")) {
          int eq = param.indexOf('=');
          String key = eq < 0 ? param : param.substring(0, eq);
          String val = eq < 0 ? "" : param.substring(eq + 1);
          if (key.equals("credentials")) {
            if (!val.equals("chain")) {
              throw new UserError(ExitCode.BAD_INPUT, "--state " + v + ": credentials '" + val + "' is not known (only credentials=chain). " + HOW);
            }
            chain = true;
            continue;
          }
          if (!key.equals("region")) {
            throw new UserError(ExitCode.BAD_INPUT, "--state " + v + ": unknown parameter '" + key + "' (only region= and credentials=chain are known). " + HOW);
          }
          if (!val.matches("[a-z]{2}(-[a-z]+)+-\\d+")) {
            throw new UserError(ExitCode.BAD_INPUT, "--state " + v + ": region '" + val + "' is not a region code such as us-east-1. " + HOW);
          }
          region = val;
        }
      }
      return new StateLocation(null, table, region, chain);
    }
    if (OTHER_SCHEME.matcher(v).matches()) throw new UserError(ExitCode.BAD_INPUT, "--state " + v + ": tap keeps journals in no such store. " + HOW);
    try {
      return new StateLocation(Path.of(v), null, null, false);
    } catch (InvalidPathException e) {
      throw new UserError(ExitCode.BAD_INPUT, "--state " + v + " is not a file path (" + e.getReason() + "). " + HOW);
    }
  }

  boolean shared() {
    return table != null;
  }

  /** Whether the journal exists yet (apply's dry run opens none). */
  boolean exists(AwsOptions aws) {
    if (!shared()) return Files.isRegularFile(file);
    try (AwsClients clients = AwsClients.create(awsFor(aws))) {
      return DynamoDbJournal.exists(clients, table, region);
    }
  }

  /** Opens the journal, creating the file when absent; a missing table is created only with {@code createTable}. */
  Journal open(AwsOptions aws, boolean createTable) {
    if (!shared()) return SqliteJournal.open(file);
    AwsClients clients = AwsClients.create(awsFor(aws));
    try {
      return DynamoDbJournal.open(clients, table, region, createTable, "--create-table", true);
    } catch (RuntimeException e) {
      clients.close();
      throw e;
    }
  }

  /** Opens a journal that must exist (status, resume, rollback, report). */
  Journal openExisting(AwsOptions aws) {
    return shared() ? open(aws, false) : SqliteJournal.openExisting(file);
  }

  /**
   * The table is reached with the command's credentials and endpoint (or the default chain when the URI
   * says {@code credentials=chain}), in its own region when the URI names one.
   */
  private AwsOptions awsFor(AwsOptions aws) {
    AwsOptions base = aws == null ? AwsOptions.DEFAULTS : aws;
    return new AwsOptions(defaultChain ? null : base.profile(), region != null ? region : base.region(), base.endpointUrl());
  }

  /**
   * The lock a run takes: the account's own lock object, and with a shared journal first the
   * table's lock item, so that every scheduler writing the table meets it and a tap writing any
   * other journal is still kept out by the account's.
   */
  static AccountLock lockFor(Journal journal, AccountLock accountLock, String account) {
    if (journal instanceof DynamoDbJournal shared) return new LayeredLock(shared.lockFor(account), accountLock);
    return accountLock;
  }

  @Override
  public String toString() {
    return shared() ? SCHEME + table + (region == null ? "" : "?region=" + region) : file.toString();
  }
}
